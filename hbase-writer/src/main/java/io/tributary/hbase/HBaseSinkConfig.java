package io.tributary.hbase;

import io.tributary.job.SinkOptions;
import io.tributary.job.SinkSpec;
import io.tributary.job.StringOrSecret;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.spark.sql.types.StructType;

/**
 * A validated {@code hbase_update} sink entry with defaults applied; serializable because executors build row keys
 * and connections from it.
 *
 * @param zookeeperQuorum {@code host:port[,...]}; HBase accepts a port per host in {@code hbase.zookeeper.quorum}
 * @param saltBuckets 0 = no salt prefix
 * @param qualifiers column -> qualifier, only where they differ
 * @param deleteColumn null = rows are never deletes
 * @param stagingDir null = {@code <java.io.tmpdir>/tributary-hbase-staging}
 * @param compression of a created table's family; an existing table keeps its own
 * @param hbaseOptions client settings, already resolved (never logged)
 */
public record HBaseSinkConfig(String table, String zookeeperQuorum, List<String> rowKeyColumns, String separator,
    int saltBuckets, String family, String versionColumn, List<String> columns, Map<String, String> qualifiers,
    String deleteColumn, List<String> deleteValues, boolean bulkUpload, String stagingDir, boolean createTable,
    int maxVersions, Compression.Algorithm compression, Map<String, String> hbaseOptions) implements Serializable {

  public HBaseSinkConfig {
    rowKeyColumns = List.copyOf(rowKeyColumns);
    columns = List.copyOf(columns);
    qualifiers = Map.copyOf(qualifiers);
    deleteValues = List.copyOf(deleteValues);
    hbaseOptions = Map.copyOf(hbaseOptions);
  }

  public static HBaseSinkConfig from(SinkSpec sink) {
    SinkOptions o = sink.options();
    List<String> keys = o.string("row_key_column").map(List::of).orElseGet(() -> o.stringList("row_key_columns"));
    Map<String, String> qualifiers = new LinkedHashMap<>(StringOrSecret.revealAll(o.stringMap("column_qualifiers")));
    return new HBaseSinkConfig(o.string("table").orElseThrow(), o.string("zookeeper_quorum").orElseThrow(), keys,
        o.string("row_key_separator").orElse("#"), o.integer("salt_buckets").orElse(0),
        o.string("column_family").orElseThrow(), o.string("version_column").orElseThrow(), o.stringList("columns"),
        qualifiers, o.string("delete_column").orElse(null),
        o.has("delete_values") ? o.stringList("delete_values") : List.of("DELETE"), o.bool("bulk_upload").orElse(false),
        o.string("staging_dir").orElse(null), o.bool("create_table").orElse(true), o.integer("max_versions").orElse(1),
        o.string("compression").map(HBaseSinkSpec::compression).orElse(Compression.Algorithm.NONE),
        StringOrSecret.revealAll(o.stringMap("hbase_options")));
  }

  /** The columns written as cells: those configured, else every column but the key, version and delete columns. */
  public List<String> valueColumns(StructType schema) {
    if (!columns.isEmpty()) {
      return columns;
    }
    List<String> all = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      if (!rowKeyColumns.contains(name) && !name.equals(versionColumn) && !name.equals(deleteColumn)) {
        all.add(name);
      }
    }
    return all;
  }

  /** The qualifier a column is written under. */
  public String qualifier(String column) {
    return qualifiers.getOrDefault(column, column);
  }

  public String stagingDirOrDefault() {
    return stagingDir != null ? stagingDir
        : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "tributary-hbase-staging").toUri().toString();
  }

  /** Never prints the client options: they may hold credentials. */
  @Override
  public String toString() {
    return "HBaseSinkConfig[table=" + table + ", quorum=" + zookeeperQuorum + ", key=" + rowKeyColumns
        + ", salt=" + saltBuckets + ", family=" + family + ", version=" + versionColumn + ", bulk=" + bulkUpload + "]";
  }
}
