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
  private HFileLoader() {}

  static void load(Connection connection, Configuration conf, TableName name, Path dir) throws IOException {
    try (Admin admin = connection.getAdmin(); Table table = connection.getTable(name);
        RegionLocator locator = connection.getRegionLocator(name)) {
      new LoadIncrementalHFiles(conf).doBulkLoad(dir, admin, table, locator);
    }
  }
}
