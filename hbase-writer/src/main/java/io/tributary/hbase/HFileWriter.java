package io.tributary.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFileContext;
import org.apache.hadoop.hbase.io.hfile.HFileContextBuilder;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.regionserver.StoreFileWriter;
import org.apache.hadoop.hbase.util.Bytes;
import scala.Tuple2;

/**
 * The bulk path, run per Spark partition (= one region, rows already sorted by key): one HFile in
 * {@code <dir>/<family>/}, the layout BulkLoadHFiles loads. Rows with the same key are adjacent; their cells are
 * sorted together with HBase's comparator (qualifier, then newest timestamp first, delete markers before puts),
 * which is what HFileOutputFormat2's reducer does too. The file metadata matches HFileOutputFormat2's.
 */
final class HFileWriter {
  private HFileWriter() {}

  /** Writes the partition's rows; returns the row count (no file when the partition is empty). */
  static long write(HBaseSinkConfig config, Path dir, int partition, Iterator<Tuple2<ByteKey, RowMutation>> rows)
      throws IOException {
    if (!rows.hasNext()) {
      return 0;
    }
    byte[] family = Bytes.toBytes(config.family());
    Configuration conf = HBaseClients.configuration(config);
    Path file = new Path(new Path(dir, config.family()), String.format("part-%05d", partition));
    FileSystem fs = file.getFileSystem(conf);
    HFileContext context = new HFileContextBuilder()
        .withCompression(Compression.Algorithm.NONE)
        .withColumnFamily(family)
        .withTableName(TableName.valueOf(config.table()).getName())
        .withBlockSize(64 * 1024)
        .build();
    long count = 0;
    StoreFileWriter writer = new StoreFileWriter.Builder(conf, CacheConfig.DISABLED, fs)
        .withFilePath(file).withFileContext(context).withBloomType(BloomType.NONE).build();
    try {
      List<Cell> cells = new ArrayList<>();
      ByteKey current = null;
      Cell previous = null;
      while (rows.hasNext()) {
        Tuple2<ByteKey, RowMutation> next = rows.next();
        if (current != null && !current.equals(next._1())) {
          previous = flushRow(writer, cells, previous);
        }
        current = next._1();
        next._2().addCells(family, cells);
        count++;
      }
      flushRow(writer, cells, previous);
      writer.appendFileInfo(HStoreFile.BULKLOAD_TIME_KEY, Bytes.toBytes(System.currentTimeMillis()));
      writer.appendFileInfo(HStoreFile.BULKLOAD_TASK_KEY, Bytes.toBytes("tributary-" + partition));
      writer.appendFileInfo(HStoreFile.MAJOR_COMPACTION_KEY, Bytes.toBytes(false));
      writer.appendFileInfo(HStoreFile.EXCLUDE_FROM_MINOR_COMPACTION_KEY, Bytes.toBytes(false));
      writer.appendTrackedTimestampsToMetadata();
    } finally {
      writer.close();
    }
    return count;
  }

  /** Sorts one row's cells, drops exact duplicates (a key in the input twice at one version), appends them. */
  private static Cell flushRow(StoreFileWriter writer, List<Cell> cells, Cell previous) throws IOException {
    cells.sort(CellComparator.getInstance());
    for (Cell cell : cells) {
      if (previous != null && CellComparator.getInstance().compare(previous, cell) == 0
          && CellUtil.matchingValue(previous, cell)) {
        continue;
      }
      writer.append(cell);
      previous = cell;
    }
    cells.clear();
    return previous;
  }
}
