package io.tributary.hbase;

import io.tributary.sink.SinkWriteException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a Spark row into a {@link RowMutation}. Values use HBase's own {@link Bytes} encodings so other HBase
 * readers understand them: strings UTF-8, long 8 bytes, int 4, double 8, boolean 1, binary as is, timestamps epoch
 * millis as a long. Complex columns arrive as JSON strings ({@link HBaseSink} wraps them in {@code to_json}).
 * Built on the driver from the schema; executors only index into rows.
 */
final class MutationEncoder implements Serializable {
  private final String table;
  private final int[] keyIndexes;
  private final String separator;
  private final int saltBuckets;
  private final int versionIndex;
  private final DataType versionType;
  private final int deleteIndex;
  private final List<String> deleteValues;
  private final int[] valueIndexes;
  private final DataType[] valueTypes;
  private final byte[][] qualifiers;
  private final boolean cellsInKeyOrder;
  private final StructType schema;
  /** Value, version and delete columns all of a type {@link #encode(InternalRow, byte[])} reads directly. */
  private final boolean internalReadable;
  private transient scala.Function1<Object, Object> toExternalRow;

  MutationEncoder(HBaseSinkConfig config, StructType schema, List<String> valueColumns) {
    this.table = config.table();
    this.keyIndexes = config.rowKeyColumns().stream().mapToInt(c -> index(schema, c, "row key")).toArray();
    this.separator = config.separator();
    this.saltBuckets = config.saltBuckets();
    this.versionIndex = index(schema, config.versionColumn(), "version");
    this.versionType = schema.fields()[versionIndex].dataType();
    this.deleteIndex = config.deleteColumn() == null ? -1 : index(schema, config.deleteColumn(), "delete");
    this.deleteValues = List.copyOf(config.deleteValues());
    // Value columns in the order of their qualifiers' bytes: a row's cells then come out in HBase's key order
    // (one row, one family, one timestamp), so the HFile writer needs no per-row sort.
    List<String> byQualifier = new ArrayList<>(valueColumns);
    byQualifier.sort((a, b) -> Bytes.compareTo(Bytes.toBytes(config.qualifier(a)), Bytes.toBytes(config.qualifier(b))));
    this.valueIndexes = byQualifier.stream().mapToInt(c -> index(schema, c, "value")).toArray();
    this.valueTypes = new DataType[valueIndexes.length];
    this.qualifiers = new byte[valueIndexes.length][];
    boolean distinct = true;
    for (int i = 0; i < valueIndexes.length; i++) {
      valueTypes[i] = schema.fields()[valueIndexes[i]].dataType();
      qualifiers[i] = Bytes.toBytes(config.qualifier(byQualifier.get(i)));
      distinct &= i == 0 || !Bytes.equals(qualifiers[i - 1], qualifiers[i]);
    }
    this.cellsInKeyOrder = distinct;
    this.schema = schema;
    this.internalReadable = Arrays.stream(valueTypes).allMatch(DIRECT_TYPES::contains)
        && (deleteIndex < 0 || schema.fields()[deleteIndex].dataType().equals(DataTypes.StringType));
    if (!(versionType.equals(DataTypes.LongType) || versionType.equals(DataTypes.IntegerType)
        || versionType.equals(DataTypes.TimestampType))) {
      throw new IllegalArgumentException("hbase " + table + ": version column " + config.versionColumn()
          + " is " + versionType.simpleString() + "; it must be an integer (mutation id) or a timestamp");
    }
  }

  private int index(StructType schema, String column, String role) {
    for (int i = 0; i < schema.fields().length; i++) {
      if (schema.fields()[i].name().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException("hbase " + table + ": " + role + " column " + column
        + " is not in the input (" + String.join(", ", schema.fieldNames()) + ")");
  }

  /**
   * Whether one mutation's cells ({@link RowMutation#addCells}) are already in HBase's key order: true unless two
   * columns share a qualifier.
   */
  boolean cellsInKeyOrder() {
    return cellsInKeyOrder;
  }

  /** The columns the row key is built from, for {@link #key}. */
  int[] keyIndexes() {
    return keyIndexes.clone();
  }

  /** The (salted) row key from the key columns' values, in {@link #keyIndexes} order. */
  byte[] key(Row keyColumns) {
    Object[] parts = new Object[keyColumns.length()];
    for (int i = 0; i < parts.length; i++) {
      Object part = keyColumns.get(i);
      if (part == null) {
        throw new SinkWriteException("hbase", table, "record with key " + keyColumns.mkString(separator),
            "row key column #" + i + " is null", null);
      }
      parts[i] = part;
    }
    return RowKeys.salted(RowKeys.join(separator, parts), saltBuckets);
  }

  /** The row's mutation, its key already computed (by {@link #key}, in the shuffle). */
  RowMutation encode(Row row, byte[] key) {
    long version = version(row);
    boolean delete = deleteIndex >= 0 && !row.isNullAt(deleteIndex)
        && deleteValues.contains(String.valueOf(row.get(deleteIndex)));
    if (delete) {
      return new RowMutation(key, version, true, new byte[0][], new byte[0][]);
    }
    byte[][] values = new byte[valueIndexes.length][];
    for (int i = 0; i < valueIndexes.length; i++) {
      values[i] = row.isNullAt(valueIndexes[i]) ? null : encodeValue(row.get(valueIndexes[i]), valueTypes[i]);
    }
    return new RowMutation(key, version, false, qualifiers, values);
  }

  /** Types whose bytes come straight from an {@link InternalRow}, the same bytes {@link #encodeValue} makes. */
  private static final Set<DataType> DIRECT_TYPES = Set.of(DataTypes.StringType, DataTypes.LongType,
      DataTypes.IntegerType, DataTypes.ShortType, DataTypes.ByteType, DataTypes.DoubleType, DataTypes.FloatType,
      DataTypes.BooleanType, DataTypes.BinaryType);

  /**
   * The same mutation as {@link #encode(Row, byte[])}, from Spark's internal row: the bulk path reads the sorted
   * shuffle output as UnsafeRows. Converting them to {@code Row} and encoding that (UTF8String to String and back to
   * UTF-8, boxing) took ~23% of its writing tasks' JFR samples, this ~8%. Strings are written as the UTF-8 bytes
   * Spark holds. Rows with other types (dates, decimals, timestamps as values) and rows with a null or out-of-range
   * version go through the {@code Row} path, so its encodings and error messages stay the only ones.
   */
  RowMutation encode(InternalRow row, byte[] key) {
    if (!internalReadable || row.isNullAt(versionIndex)) {
      return encode(external(row), key);
    }
    long version = versionType.equals(DataTypes.TimestampType) ? Math.floorDiv(row.getLong(versionIndex), 1000)
        : versionType.equals(DataTypes.IntegerType) ? row.getInt(versionIndex)
        : row.getLong(versionIndex);
    if (version < 0 || version == Long.MAX_VALUE) {
      return encode(external(row), key);
    }
    if (deleteIndex >= 0 && !row.isNullAt(deleteIndex)
        && deleteValues.contains(row.getUTF8String(deleteIndex).toString())) {
      return new RowMutation(key, version, true, new byte[0][], new byte[0][]);
    }
    byte[][] values = new byte[valueIndexes.length][];
    for (int i = 0; i < valueIndexes.length; i++) {
      values[i] = row.isNullAt(valueIndexes[i]) ? null : encodeInternal(row, valueIndexes[i], valueTypes[i]);
    }
    return new RowMutation(key, version, false, qualifiers, values);
  }

  private static byte[] encodeInternal(InternalRow row, int i, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return row.getUTF8String(i).getBytes();
    } else if (type.equals(DataTypes.LongType)) {
      return Bytes.toBytes(row.getLong(i));
    } else if (type.equals(DataTypes.IntegerType)) {
      return Bytes.toBytes(row.getInt(i));
    } else if (type.equals(DataTypes.DoubleType)) {
      return Bytes.toBytes(row.getDouble(i));
    } else if (type.equals(DataTypes.BooleanType)) {
      return Bytes.toBytes(row.getBoolean(i));
    } else if (type.equals(DataTypes.BinaryType)) {
      return row.getBinary(i);
    } else if (type.equals(DataTypes.ShortType)) {
      return Bytes.toBytes(row.getShort(i));
    } else if (type.equals(DataTypes.ByteType)) {
      return new byte[] {row.getByte(i)};
    }
    return Bytes.toBytes(row.getFloat(i)); // FloatType, the last of DIRECT_TYPES
  }

  private Row external(InternalRow row) {
    if (toExternalRow == null) {
      toExternalRow = CatalystTypeConverters.createToScalaConverter(schema);
    }
    return (Row) toExternalRow.apply(row);
  }

  private long version(Row row) {
    if (row.isNullAt(versionIndex)) {
      throw new SinkWriteException("hbase", table, describe(row), "version column is null", null);
    }
    Object v = row.get(versionIndex);
    long version = v instanceof Timestamp t ? t.getTime()
        : v instanceof Instant i ? i.toEpochMilli()
        : ((Number) v).longValue();
    if (version < 0 || version == Long.MAX_VALUE) {
      // HBase reserves LATEST_TIMESTAMP (Long.MAX_VALUE); negative timestamps are rejected by the server
      throw new SinkWriteException("hbase", table, describe(row), "version " + version + " out of range", null);
    }
    return version;
  }

  static byte[] encodeValue(Object value, DataType type) {
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    } else if (value instanceof Long l) {
      return Bytes.toBytes(l);
    } else if (value instanceof Integer i) {
      return Bytes.toBytes(i);
    } else if (value instanceof Short s) {
      return Bytes.toBytes(s);
    } else if (value instanceof Byte b) {
      return new byte[] {b};
    } else if (value instanceof Double d) {
      return Bytes.toBytes(d);
    } else if (value instanceof Float f) {
      return Bytes.toBytes(f);
    } else if (value instanceof Boolean b) {
      return Bytes.toBytes(b);
    } else if (value instanceof byte[] bytes) {
      return bytes;
    } else if (value instanceof Timestamp t) {
      return Bytes.toBytes(t.getTime());
    } else if (value instanceof Instant i) {
      return Bytes.toBytes(i.toEpochMilli());
    } else if (value instanceof BigDecimal d) {
      return Bytes.toBytes(d.toPlainString());
    }
    // dates and anything else: their SQL string form
    return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The inverse of {@link #encodeValue} for a column of {@code type} (as the sink's input had it; complex types were
   * written as JSON text): the value as it was written, for readers that print cells.
   */
  static Object decodeValue(byte[] bytes, DataType type) {
    if (type.equals(DataTypes.LongType)) {
      return Bytes.toLong(bytes);
    } else if (type.equals(DataTypes.IntegerType)) {
      return Bytes.toInt(bytes);
    } else if (type.equals(DataTypes.ShortType)) {
      return Bytes.toShort(bytes);
    } else if (type.equals(DataTypes.ByteType)) {
      return bytes[0];
    } else if (type.equals(DataTypes.DoubleType)) {
      return Bytes.toDouble(bytes);
    } else if (type.equals(DataTypes.FloatType)) {
      return Bytes.toFloat(bytes);
    } else if (type.equals(DataTypes.BooleanType)) {
      return Bytes.toBoolean(bytes);
    } else if (type.equals(DataTypes.BinaryType)) {
      return bytes;
    } else if (type.equals(DataTypes.TimestampType)) {
      return Instant.ofEpochMilli(Bytes.toLong(bytes));
    }
    return new String(bytes, StandardCharsets.UTF_8); // strings, JSON of complex columns, decimals, dates
  }

  /** The row's key columns, for error messages (values only, never the whole record). */
  private String describe(Row row) {
    List<String> parts = new ArrayList<>();
    for (int i : keyIndexes) {
      parts.add(String.valueOf(row.get(i)));
    }
    return "record with key " + String.join(separator, parts);
  }
}
