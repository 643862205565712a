package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFile;
import org.apache.hadoop.hbase.io.hfile.HFileScanner;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The HFile a region's sorted rows become, read back with HBase's reader: cells in key order whether a key came from
 * one row (written without a per-row sort) or several (merged, exact duplicates dropped), in the family's format.
 * No server needed.
 */
class HFileWriterTest {
  static final StructType SCHEMA = new StructType()
      .add("listing_id", DataTypes.LongType, false)
      .add("mutation_id", DataTypes.LongType, false)
      .add("operation", DataTypes.StringType, false)
      .add("title", DataTypes.StringType, true)
      .add("host_id", DataTypes.LongType, true);

  static final List<String> EXPECTED_CELLS = List.of(
      "1/host_id/20/Put", "1/host_id/10/Put", "1/title/20/Put", "1/title/10/Put",
      "2//5/DeleteFamily",
      "3/host_id/7/DeleteColumn", "3/title/7/Put");

  @Test
  void cellsComeOutInKeyOrderForSingleAndRepeatedKeys() throws Exception {
    Path dir = Files.createTempDirectory("hfile-writer-test");
    try {
      org.apache.hadoop.fs.Path staging = write(StoreFileFormat.DEFAULT, dir);
      assertEquals(EXPECTED_CELLS, cells(staging));
    } finally {
      TestHBase.deleteQuietly(dir);
    }
  }

  /**
   * The family's settings reach the file, as HFileOutputFormat2 writes them; the cells read back the same. (The block
   * size is not recorded in the file.)
   */
  @Test
  void theFileHasTheFamilysCompressionEncodingAndBloom() throws Exception {
    StoreFileFormat format = new StoreFileFormat(Compression.Algorithm.SNAPPY, DataBlockEncoding.FAST_DIFF,
        BloomType.ROWCOL, 16 * 1024, null);
    Path dir = Files.createTempDirectory("hfile-writer-test");
    try {
      org.apache.hadoop.fs.Path staging = write(format, dir);
      assertEquals(EXPECTED_CELLS, cells(staging));
      Configuration conf = new Configuration();
      FileSystem fs = staging.getFileSystem(conf);
      try (HFile.Reader reader = HFile.createReader(fs, onlyFile(staging), CacheConfig.DISABLED, true, conf)) {
        assertEquals(Compression.Algorithm.SNAPPY, reader.getFileContext().getCompression());
        assertEquals(DataBlockEncoding.FAST_DIFF, reader.getDataBlockEncoding());
        assertEquals("ROWCOL", Bytes.toString(reader.getHFileInfo().get(HStoreFile.BLOOM_FILTER_TYPE_KEY)));
      }
    } finally {
      TestHBase.deleteQuietly(dir);
    }
  }

  /** Writes five rows (a key twice at two versions plus an exact duplicate, a delete, a null column) to dir. */
  private static org.apache.hadoop.fs.Path write(StoreFileFormat format, Path dir) throws Exception {
    HBaseSinkConfig config = TestHBase.sink("127.0.0.1:1", "hfile_writer", Map.of()).config();
    MutationEncoder encoder = new MutationEncoder(config, SCHEMA, config.valueColumns(SCHEMA));
    List<Row> rows = new ArrayList<>();
    rows.add(row(encoder, 1, 10, "UPSERT", "t10", 5L));
    rows.add(row(encoder, 1, 20, "UPSERT", "t20", 6L)); // the same key again, newer
    rows.add(row(encoder, 1, 20, "UPSERT", "t20", 6L)); // an exact duplicate
    rows.add(row(encoder, 2, 5, "DELETE", null, null));
    rows.add(row(encoder, 3, 7, "UPSERT", "t7", null)); // a null column: a column delete marker
    rows.sort((a, b) -> Bytes.compareTo((byte[]) a.get(SCHEMA.length()), (byte[]) b.get(SCHEMA.length())));

    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(dir.toUri().toString());
    var toInternal = CatalystTypeConverters.createToCatalystConverter(SCHEMA.add("key", DataTypes.BinaryType));
    Iterator<InternalRow> internal = rows.stream().map(r -> (InternalRow) toInternal.apply(r)).iterator();
    assertEquals(5, HFileWriter.write(config, format, staging, new RegionRouting(new byte[][] {{}}), encoder,
        SCHEMA.length(), 0, internal));
    return staging;
  }

  private static Row row(MutationEncoder encoder, long id, long version, String op, String title, Long host) {
    byte[] key = encoder.key(RowFactory.create(id));
    return RowFactory.create(id, version, op, title, host, key);
  }

  private static org.apache.hadoop.fs.Path onlyFile(org.apache.hadoop.fs.Path staging) throws Exception {
    FileSystem fs = staging.getFileSystem(new Configuration());
    var files = fs.listStatus(new org.apache.hadoop.fs.Path(staging, "d"), p -> !p.getName().endsWith(".crc"));
    assertEquals(1, files.length);
    return files[0].getPath();
  }

  /** Every cell of the one HFile under the staging dir, as row/qualifier/timestamp/type. */
  private static List<String> cells(org.apache.hadoop.fs.Path staging) throws Exception {
    Configuration conf = new Configuration();
    FileSystem fs = staging.getFileSystem(conf);
    List<String> out = new ArrayList<>();
    try (HFile.Reader reader = HFile.createReader(fs, onlyFile(staging), CacheConfig.DISABLED, true, conf)) {
      HFileScanner scanner = reader.getScanner(conf, false, false);
      if (scanner.seekTo()) {
        do {
          Cell cell = scanner.getCell();
          byte[] row = CellUtil.cloneRow(cell);
          out.add(Bytes.toString(row) + "/" + Bytes.toString(CellUtil.cloneQualifier(cell)) + "/"
              + cell.getTimestamp() + "/" + cell.getType());
        } while (scanner.next());
      }
    }
    return out;
  }
}
