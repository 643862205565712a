package io.tributary.hbase;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.tool.LoadIncrementalHFiles;

/**
 * Loads a directory of HFiles ({@code <dir>/<family>/<file>}) into a table over the JVM's shared connection.
 *
 * <p>Why not {@code BulkLoadHFiles.create(conf).bulkLoad(table, dir)}: in HBase 2.6 that is
 * {@code BulkLoadHFilesTool}, a thin subclass of {@link LoadIncrementalHFiles} whose {@code bulkLoad} opens (and
 * closes) a new cluster connection on every call. Opening one and making its first lookups took 130-560 ms per call
 * on the benchmark's machine (load 8-10), against 17-63 ms for the same lookups on the shared connection.
 * {@code doBulkLoad(dir, admin, table, locator)} is the same load (same queue, region grouping, splitting of files
 * that straddle a region boundary, retries) on a connection we already hold. It is deprecated in 2.x because 3.x's
 * tool takes an {@code AsyncClusterConnection}, which is not public client API.
 */
@SuppressWarnings("deprecation")
final class HFileLoader {
  /** The tool's setting for how many region loads run at once; its default is the driver's core count. */
  static final String PARALLEL_LOADS = "hbase.loadincremental.threads.max";
  /** A bound for tables with many regions: each load is an RPC the region server answers by copying a file. */
  static final int MAX_PARALLEL_LOADS = 16;

  private HFileLoader() {}

  /**
   * Loads {@code dir}'s files, one region per thread up to {@link #MAX_PARALLEL_LOADS} unless the client options set
   * {@value #PARALLEL_LOADS}: with the tool's default (2 on the benchmark's machine) the 4 regions loaded in two
   * rounds, and loading all 4 at once was 87-358 ms faster in 5 of 5 alternating pairs (load 5-7).
   */
  static void load(Connection connection, Configuration conf, TableName name, Path dir, int regions)
      throws IOException {
    Configuration loadConf = new Configuration(conf);
    if (conf.get(PARALLEL_LOADS) == null) {
      loadConf.setInt(PARALLEL_LOADS, Math.max(1, Math.min(regions, MAX_PARALLEL_LOADS)));
    }
    try (Admin admin = connection.getAdmin(); Table table = connection.getTable(name);
        RegionLocator locator = connection.getRegionLocator(name)) {
      new LoadIncrementalHFiles(loadConf).doBulkLoad(dir, admin, table, locator);
    }
  }
}
