package io.tributary.hbase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.filter.KeyOnlyFilter;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Reads what {@link HBaseSink} wrote, for jobs that need state: multi-get, prefix scan, time-range scan and "value as
 * of version". Versions are the cell timestamps the sink wrote (mutation ids or event times); a version range is
 * {@code [from, until)}. Row keys are given unsalted; a salted store ({@code saltBuckets > 0}) adds the salt for
 * gets, and prefix scans then visit every bucket.
 */
public final class StateStore implements AutoCloseable {

  /** One cell: a value and the version that wrote it. */
  public record Versioned(long version, byte[] value) {
    public String asString() {
      return new String(value, StandardCharsets.UTF_8);
    }

    public long asLong() {
      return Bytes.toLong(value);
    }
  }

  /**
   * A row's cells: qualifier -> versions, newest first.
   *
   * @param key the unsalted row key
   */
  public record StoredRow(byte[] key, Map<String, List<Versioned>> columns) {
    public boolean isEmpty() {
      return columns.isEmpty();
    }

    /** The newest version of a column, if present. */
    public Optional<Versioned> latest(String qualifier) {
      List<Versioned> versions = columns.get(qualifier);
      return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0));
    }

    public String keyString() {
      return new String(key, StandardCharsets.UTF_8);
    }
  }

  private final Table table;
  private final byte[] family;
  private final int saltBuckets;
  private final String tableName;

  private StateStore(Table table, byte[] family, int saltBuckets, String tableName) {
    this.table = table;
    this.family = family;
    this.saltBuckets = saltBuckets;
    this.tableName = tableName;
  }

  /** A store on the JVM's shared connection ({@link HBaseClients#shared}); closing it leaves the connection open. */
  public static StateStore open(String zookeeperQuorum, Map<String, String> options, String table, String family,
      int saltBuckets) {
    Connection connection = HBaseClients.shared(zookeeperQuorum, options);
    try {
      return new StateStore(connection.getTable(TableName.valueOf(table)), Bytes.toBytes(family), saltBuckets, table);
    } catch (IOException e) {
      throw new UncheckedIOException("hbase " + table + ": cannot open", e);
    }
  }

  /** The store a sink writes, with its table, family and salt. */
  public static StateStore of(HBaseSinkConfig sink) {
    return open(sink.zookeeperQuorum(), sink.hbaseOptions(), sink.table(), sink.family(), sink.saltBuckets());
  }

  /** The latest version of every column of each row, in the order of {@code keys}; missing rows come back empty. */
  public List<StoredRow> multiGet(List<byte[]> keys) {
    List<Get> gets = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      gets.add(new Get(RowKeys.salted(key, saltBuckets)).addFamily(family));
    }
    try {
      Result[] results = table.get(gets);
      List<StoredRow> rows = new ArrayList<>(results.length);
      for (int i = 0; i < results.length; i++) {
        rows.add(toRow(keys.get(i), results[i]));
      }
      return rows;
    } catch (IOException e) {
      throw failure("multi-get of " + keys.size() + " rows", e);
    }
  }

  /** The value of a column as it was at {@code version}: the newest cell with a version <= it. */
  public Optional<Versioned> valueAsOf(byte[] key, String qualifier, long version) {
    try {
      Get get = new Get(RowKeys.salted(key, saltBuckets)).addColumn(family, Bytes.toBytes(qualifier)).readVersions(1);
      get.setTimeRange(0, version == Long.MAX_VALUE ? version : version + 1);
      return toRow(key, table.get(get)).latest(qualifier);
    } catch (IOException e) {
      throw failure("value of " + Bytes.toStringBinary(key) + "/" + qualifier + " as of " + version, e);
    }
  }

  /** Every stored version of a column in {@code [fromVersion, untilVersion)}, newest first (bounded by VERSIONS). */
  public List<Versioned> versions(byte[] key, String qualifier, long fromVersion, long untilVersion) {
    Get get = new Get(RowKeys.salted(key, saltBuckets)).addColumn(family, Bytes.toBytes(qualifier)).readAllVersions();
    try {
      get.setTimeRange(fromVersion, untilVersion);
      return toRow(key, table.get(get)).columns().getOrDefault(qualifier, List.of());
    } catch (IOException e) {
      throw failure("versions of " + Bytes.toStringBinary(key) + "/" + qualifier, e);
    }
  }

  /** Rows whose key starts with {@code prefix}, with their latest cells in {@code [fromVersion, untilVersion)}. */
  public List<StoredRow> prefixScan(byte[] prefix, long fromVersion, long untilVersion) {
    List<StoredRow> rows = new ArrayList<>();
    for (Scan scan : prefixScans(prefix)) {
      scanInto(scan.addFamily(family), fromVersion, untilVersion, rows);
    }
    return rows;
  }

  /** Rows in {@code [startKey, stopKey)} (unsalted keys; a salted store scans each bucket) with cells in the range. */
  public List<StoredRow> timeRangeScan(byte[] startKey, byte[] stopKey, long fromVersion, long untilVersion) {
    List<StoredRow> rows = new ArrayList<>();
    for (int bucket = 0; bucket < Math.max(1, saltBuckets); bucket++) {
      Scan scan = new Scan().withStartRow(prefixed(bucket, startKey)).withStopRow(prefixed(bucket, stopKey))
          .addFamily(family);
      scanInto(scan, fromVersion, untilVersion, rows);
    }
    return rows;
  }

  /**
   * How many rows under {@code prefix} have a cell in {@code [fromVersion, untilVersion)}: counted on the region
   * servers' side of the wire with key-only, first-cell-only results, so no values travel.
   */
  public long countRows(byte[] prefix, long fromVersion, long untilVersion) {
    long count = 0;
    for (Scan scan : prefixScans(prefix)) {
      scan.addFamily(family).setFilter(new FilterList(new FirstKeyOnlyFilter(), new KeyOnlyFilter()))
          .setCaching(1000);
      try {
        scan.setTimeRange(fromVersion, untilVersion);
        try (ResultScanner scanner = table.getScanner(scan)) {
          for (Result r = scanner.next(); r != null; r = scanner.next()) {
            count++;
          }
        }
      } catch (IOException e) {
        throw failure("count under " + Bytes.toStringBinary(prefix), e);
      }
    }
    return count;
  }

  private List<Scan> prefixScans(byte[] prefix) {
    List<Scan> scans = new ArrayList<>();
    for (int bucket = 0; bucket < Math.max(1, saltBuckets); bucket++) {
      scans.add(new Scan().setStartStopRowForPrefixScan(prefixed(bucket, prefix)));
    }
    return scans;
  }

  /** In a salted store a prefix scan is one scan per bucket: the salt is a hash of the whole key, not the prefix. */
  private byte[] prefixed(int bucket, byte[] key) {
    if (saltBuckets <= 0) {
      return key;
    }
    return Bytes.add(new byte[] {(byte) bucket}, key);
  }

  private void scanInto(Scan scan, long fromVersion, long untilVersion, List<StoredRow> rows) {
    try {
      scan.setTimeRange(fromVersion, untilVersion).setCaching(500);
      try (ResultScanner scanner = table.getScanner(scan)) {
        for (Result r = scanner.next(); r != null; r = scanner.next()) {
          byte[] row = r.getRow();
          byte[] key = saltBuckets > 0 ? Bytes.copy(row, 1, row.length - 1) : row;
          rows.add(toRow(key, r));
        }
      }
    } catch (IOException e) {
      throw failure("scan " + scan, e);
    }
  }

  private StoredRow toRow(byte[] key, Result result) {
    if (result == null || result.isEmpty()) {
      return new StoredRow(key, Map.of());
    }
    NavigableMap<String, List<Versioned>> columns = new TreeMap<>();
    for (Cell cell : result.rawCells()) {
      String qualifier = Bytes.toString(CellUtil.cloneQualifier(cell));
      columns.computeIfAbsent(qualifier, q -> new ArrayList<>())
          .add(new Versioned(cell.getTimestamp(), CellUtil.cloneValue(cell)));
    }
    return new StoredRow(key, Collections.unmodifiableMap(columns));
  }

  private RuntimeException failure(String what, IOException e) {
    return new UncheckedIOException("hbase " + tableName + ": " + what + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      table.close();
    } catch (IOException e) {
      throw failure("close", e);
    }
  }
}
