package io.tributary.hbase;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One row of an {@code hbase_update} sink's table as text, every cell decoded by the type its column had in the
 * sink's input (what {@code bin/tributary hbase get} and the demo print). The newest version comes first; older
 * versions are what the table still keeps (its VERSIONS), so the merge of streamed and bulk-loaded cells shows.
 */
public final class RowView {
  private final HBaseSinkConfig config;
  private final List<String> columns;
  private final List<DataType> types = new ArrayList<>();

  /** @param sinkInput the schema of the rows the sink was given (see {@code SinkInputSchema}) */
  public RowView(HBaseSinkConfig config, StructType sinkInput) {
    this.config = config;
    this.columns = config.valueColumns(sinkInput);
    for (String column : columns) {
      types.add(cellType(sinkInput.apply(column)));
    }
  }

  /** Complex columns are stored as their JSON text ({@link HBaseSink#flatten}). */
  private static DataType cellType(StructField field) {
    DataType type = field.dataType();
    boolean complex = type instanceof StructType || type instanceof ArrayType || type instanceof MapType;
    return complex ? DataTypes.StringType : type;
  }

  /** The row under {@code key} (unsalted, as the key columns joined by the separator), up to {@code versions}. */
  public String render(StateStore store, String key, int versions) {
    byte[] rowKey = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    out.append(config.table()).append(" row ").append(key).append('\n');
    int width = columns.stream().mapToInt(String::length).max().orElse(0);
    boolean any = false;
    for (int i = 0; i < columns.size(); i++) {
      String qualifier = config.qualifier(columns.get(i));
      List<StateStore.Versioned> cells = store.versions(rowKey, qualifier, 0, Long.MAX_VALUE);
      for (int v = 0; v < Math.min(versions, cells.size()); v++) {
        StateStore.Versioned cell = cells.get(v);
        String label = v == 0 ? String.format("%-" + width + "s", columns.get(i)) : " ".repeat(width);
        out.append(String.format("  %s  @%-8d %s%s%n", label, cell.version(),
            show(MutationEncoder.decodeValue(cell.value(), types.get(i))), v == 0 ? "" : "   (older)"));
        any = true;
      }
    }
    if (!any) {
      out.append("  (no cells: never written, or deleted by a newer DELETE)\n");
    }
    return out.toString();
  }

  private static String show(Object value) {
    if (value instanceof byte[] bytes) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
    String text = String.valueOf(value);
    return text.length() > 100 ? text.substring(0, 97) + "..." : text;
  }
}
