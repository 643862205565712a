package io.tributary.hbase;

import java.io.IOException;
import org.apache.hadoop.hbase.KeepDeletedCells;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import io.tributary.sink.SinkWriteException;
import java.util.Arrays;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the namespace and table of a sink if missing. KEEP_DELETED_CELLS=TRUE is what makes delete markers
 * permanent: with the default FALSE a major compaction drops them, and a late older upsert would then resurrect a
 * deleted row. (It also lets "as of version" reads before a delete see the value then.) Salted tables are
 * pre-split into one region per salt bucket. A created table's family is compressed as the sink's {@code compression}
 * says; the server refuses the table if it lacks that codec, and the error says which.
 */
final class TableSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TableSetup.class);

  private TableSetup() {}

  /** The sink's family as the table declares it; a missing one would fail every write, so it fails here. */
  static ColumnFamilyDescriptor family(TableDescriptor table, HBaseSinkConfig config) {
    ColumnFamilyDescriptor family = table.getColumnFamily(Bytes.toBytes(config.family()));
    if (family == null) {
      throw new SinkWriteException("hbase", config.table(), "table setup", "column family " + config.family()
          + " does not exist (families: " + Arrays.stream(table.getColumnFamilies())
          .map(ColumnFamilyDescriptor::getNameAsString).toList() + ")", null);
    }
    return family;
  }

  /** A missing family fails up front. Markers that compactions drop get a warning. */
  static void checkExisting(TableDescriptor table, HBaseSinkConfig config) {
    ColumnFamilyDescriptor family = family(table, config);
    if (family.getKeepDeletedCells() == KeepDeletedCells.FALSE) {
      LOG.warn("hbase {}: family {} has KEEP_DELETED_CELLS=FALSE; a major compaction drops delete markers, after "
          + "which a late upsert older than a delete would reappear", config.table(), config.family());
    }
  }

  static void ensureTable(Connection connection, HBaseSinkConfig config) throws IOException {
    TableName name = TableName.valueOf(config.table());
    try (Admin admin = connection.getAdmin()) {
      if (admin.tableExists(name)) {
        checkExisting(admin.getDescriptor(name), config);
        return;
      }
      String namespace = name.getNamespaceAsString();
      try {
        admin.getNamespaceDescriptor(namespace);
      } catch (NamespaceNotFoundException e) {
        try {
          admin.createNamespace(NamespaceDescriptor.create(namespace).build());
        } catch (org.apache.hadoop.hbase.NamespaceExistException raced) {
          // another job created it meanwhile
        }
      }
      var family = ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(config.family()))
          .setMaxVersions(config.maxVersions())
          .setKeepDeletedCells(KeepDeletedCells.TRUE)
          .setCompressionType(config.compression())
          .build();
      var table = TableDescriptorBuilder.newBuilder(name).setColumnFamily(family).build();
      try {
        if (config.saltBuckets() > 1) {
          admin.createTable(table, RowKeys.saltSplits(config.saltBuckets()));
        } else {
          admin.createTable(table);
        }
        LOG.info("created hbase table {} (family {}, versions {}, compression {}, {} regions)", name,
            config.family(), config.maxVersions(), config.compression().getName(), Math.max(1, config.saltBuckets()));
      } catch (TableExistsException raced) {
        // another job created it meanwhile
      }
    }
  }
}
