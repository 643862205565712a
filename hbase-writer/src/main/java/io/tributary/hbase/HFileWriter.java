package io.tributary.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFileContext;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.regionserver.StoreFileWriter;
import org.apache.hadoop.hbase.util.Bytes;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The bulk path, run per Spark partition (= one region, rows already sorted by key): one HFile per region in
 * {@code <dir>/<family>/}, the layout BulkLoadHFiles loads. A key from one row has its cells in key order already
 * ({@link MutationEncoder#cellsInKeyOrder}); rows with the same key are adjacent, and their cells are sorted together
 * with HBase's comparator (qualifier, then newest timestamp first, delete markers before puts), which is what
 * HFileOutputFormat2's reducer does too. The file metadata and format ({@link StoreFileFormat}: the family's
 * compression, encoding, bloom filter and block size) match HFileOutputFormat2's.
 */
final class HFileWriter {
  private HFileWriter() {}

  /**
   * Writes the partition's rows (sorted by row key) into one HFile per region they fall in (normally one); returns
   * the row count. An empty partition writes no file.
   */
  static long write(HBaseSinkConfig config, StoreFileFormat format, Path dir, RegionRouting routing,
      MutationEncoder encoder, int keyIndex, int partition, Iterator<InternalRow> rows) throws IOException {
    byte[] family = Bytes.toBytes(config.family());
    Configuration conf = format.apply(HBaseClients.configuration(config));
    HFileContext context = format.context(family, TableName.valueOf(config.table()).getName());
    long count = 0;
    StoreFileWriter writer = null;
    int region = -1;
    try {
      List<Cell> cells = new ArrayList<>();
      byte[] current = null;
      int mutationsOfKey = 0;
      while (rows.hasNext()) {
        InternalRow row = rows.next(); // reused by the iterator: nothing of it is kept beyond this loop
        byte[] key = row.getBinary(keyIndex);
        if (current == null || !Arrays.equals(current, key)) {
          flushRow(writer, cells, mutationsOfKey == 1 && encoder.cellsInKeyOrder());
          mutationsOfKey = 0;
          int keyRegion = routing.regionOf(key);
          if (keyRegion != region) {
            close(writer);
            Path file = new Path(new Path(dir, config.family()), String.format("part-%05d-r%05d", partition, keyRegion));
            writer = new StoreFileWriter.Builder(conf, CacheConfig.DISABLED, file.getFileSystem(conf))
                .withFilePath(file).withFileContext(context).withBloomType(format.bloom()).build();
            region = keyRegion;
          }
          current = key;
        }
        encoder.encode(row, key).addCells(family, cells);
        mutationsOfKey++;
        count++;
      }
      flushRow(writer, cells, mutationsOfKey == 1 && encoder.cellsInKeyOrder());
    } finally {
      close(writer);
    }
    return count;
  }

  /** Metadata as HFileOutputFormat2 writes it, then close. */
  private static void close(StoreFileWriter writer) throws IOException {
    if (writer == null) {
      return;
    }
    try {
      writer.appendFileInfo(HStoreFile.BULKLOAD_TIME_KEY, Bytes.toBytes(System.currentTimeMillis()));
      writer.appendFileInfo(HStoreFile.BULKLOAD_TASK_KEY, Bytes.toBytes("tributary"));
      writer.appendFileInfo(HStoreFile.MAJOR_COMPACTION_KEY, Bytes.toBytes(false));
      writer.appendFileInfo(HStoreFile.EXCLUDE_FROM_MINOR_COMPACTION_KEY, Bytes.toBytes(false));
      writer.appendTrackedTimestampsToMetadata();
    } finally {
      writer.close();
    }
  }

  /**
   * Appends one row's cells. When the key came from several input rows, sorts them and drops exact duplicates (a key
   * in the input twice at one version); a single mutation's cells are already in order and distinct, and sorting
   * them anyway was ~40% of the writing tasks' JFR samples (500k rows).
   */
  private static void flushRow(StoreFileWriter writer, List<Cell> cells, boolean inOrder) throws IOException {
    if (!inOrder) {
      cells.sort(CellComparator.getInstance());
    }
    Cell previous = null;
    for (Cell cell : cells) {
      if (!inOrder && previous != null && CellComparator.getInstance().compare(previous, cell) == 0
          && CellUtil.matchingValue(previous, cell)) {
        continue;
      }
      writer.append(cell);
      previous = cell;
    }
    cells.clear();
  }
}
