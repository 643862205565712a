package io.tributary.hbase;

import io.tributary.job.OptionSpec;
import io.tributary.job.OptionType;
import io.tributary.job.SinkOptions;
import io.tributary.job.SinkOptionsSpec;
import org.apache.hadoop.hbase.io.compress.Compression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The keys of {@code type = hbase_update}; {@link HBaseSinkConfig#from} reads them with their defaults. */
public class HBaseSinkSpec implements SinkOptionsSpec {
  public static final String TYPE = "hbase_update";

  /** HBase's names for its codecs (which of them a cluster can use depends on its native libraries and jars). */
  static final List<String> COMPRESSIONS = Arrays.stream(Compression.Algorithm.values())
      .map(Compression.Algorithm::getName).toList();

  /** The codec named {@code name} (any case), or null. */
  static Compression.Algorithm compression(String name) {
    return Arrays.stream(Compression.Algorithm.values()).filter(a -> a.getName().equalsIgnoreCase(name)).findFirst()
        .orElse(null);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required("table", OptionType.STRING, "namespace:table (created if missing, see create_table)"),
        OptionSpec.required("zookeeper_quorum", OptionType.STRING, "host:port[,...] of the cluster's ZooKeeper"),
        OptionSpec.optional("row_key_column", OptionType.STRING, "row key from one column"),
        OptionSpec.optional("row_key_columns", OptionType.STRING_LIST, "row key from several columns, joined"),
        OptionSpec.optional("row_key_separator", OptionType.STRING, "joins row_key_columns; default #"),
        OptionSpec.optional("salt_buckets", OptionType.INT, "1-byte hash prefix in [0,n) against hot regions"),
        OptionSpec.required("column_family", OptionType.STRING, "family written to"),
        OptionSpec.required("version_column", OptionType.STRING,
            "cell timestamp of every cell: a mutation id (integer) or an event time (timestamp = epoch ms)"),
        OptionSpec.optional("columns", OptionType.STRING_LIST, "columns written; default all but key and version"),
        OptionSpec.optional("column_qualifiers", OptionType.STRING_MAP, "column -> qualifier; default the name"),
        OptionSpec.optional("delete_column", OptionType.STRING, "column that marks a delete, e.g. operation"),
        OptionSpec.optional("delete_values", OptionType.STRING_LIST, "its values meaning delete; default DELETE"),
        OptionSpec.optional("bulk_upload", OptionType.BOOLEAN, "batch mode writes HFiles + bulk load; default false"),
        OptionSpec.optional("staging_dir", OptionType.STRING, "HFile staging dir on HBase's file system"),
        OptionSpec.optional("create_table", OptionType.BOOLEAN, "create namespace/table if missing; default true"),
        OptionSpec.optional("max_versions", OptionType.INT, "VERSIONS of a created table; default 1"),
        OptionSpec.optional("compression", OptionType.STRING,
            "COMPRESSION of a created table's family: " + String.join(", ", COMPRESSIONS) + "; default none"),
        OptionSpec.optional("hbase_options", OptionType.STRING_MAP, "client settings, e.g. hbase.client.write.buffer"));
  }

  @Override
  public List<String> crossCheck(SinkOptions options) {
    List<String> problems = new ArrayList<>();
    boolean one = options.has("row_key_column");
    boolean many = options.has("row_key_columns");
    if (one == many) {
      problems.add("set exactly one of row_key_column and row_key_columns");
    }
    if (many && options.stringList("row_key_columns").isEmpty()) {
      problems.add("row_key_columns must not be empty");
    }
    options.integer("salt_buckets").filter(n -> n < 1 || n > 256)
        .ifPresent(n -> problems.add("salt_buckets must be in 1..256"));
    options.integer("max_versions").filter(n -> n < 1)
        .ifPresent(n -> problems.add("max_versions must be at least 1"));
    options.string("table").filter(t -> t.isBlank() || t.chars().filter(c -> c == ':').count() > 1)
        .ifPresent(t -> problems.add("table must be table or namespace:table"));
    options.string("compression").filter(c -> compression(c) == null).ifPresent(c -> problems.add(
        "compression must be one of " + String.join(", ", COMPRESSIONS) + ", not " + c));
    if (options.has("delete_values") && !options.has("delete_column")) {
      problems.add("delete_values needs delete_column");
    }
    return problems;
  }
}
