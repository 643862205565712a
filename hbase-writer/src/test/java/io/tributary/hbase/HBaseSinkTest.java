package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localstack.LocalStack;
import io.tributary.sink.SinkResult;
import io.tributary.sink.SinkWriteException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFile;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink against a real standalone HBase (child process) with Spark local[2]: both write paths, replays, deletes. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HBaseSinkTest {
  static final StructType LISTING = new StructType()
      .add("listing_id", DataTypes.LongType, false)
      .add("mutation_id", DataTypes.LongType, false)
      .add("operation", DataTypes.StringType, false)
      .add("title", DataTypes.StringType, true)
      .add("host_id", DataTypes.LongType, true)
      .add("tags", DataTypes.createArrayType(DataTypes.StringType), true);

  static LocalStack stack;
  static String zk;
  /** Options every sink of the class gets (HBaseSinkOnHdfsTest: the staging dir on HDFS). */
  static Map<String, Object> sinkDefaults = Map.of();
  /** HBase's root dir, where the loaded store files are read back from. */
  static String rootDir;

  @BeforeAll
  static void start() {
    stack = TestHBase.startHBase("hbase-sink");
    zk = stack.hbase().zookeeperQuorum();
    sinkDefaults = Map.of();
    rootDir = stack.hbase().rootDir().toUri().toString();
    TestHBase.spark();
  }

  static HBaseSink sink(String table, Map<String, Object> extra) {
    Map<String, Object> options = new java.util.LinkedHashMap<>(sinkDefaults);
    options.putAll(extra);
    return TestHBase.sink(zk, table, options);
  }

  @AfterAll
  static void stop() {
    HBaseClients.closeAll();
    if (stack != null) {
      stack.clean();
    }
  }

  static Row upsert(long id, long version, String title, Long host) {
    return RowFactory.create(id, version, "UPSERT", title, host, new String[] {"wifi", "t" + id});
  }

  static Row delete(long id, long version) {
    return RowFactory.create(id, version, "DELETE", null, null, null);
  }

  static Dataset<Row> rows(List<Row> rows) {
    return TestHBase.spark().createDataFrame(rows, LISTING).repartition(3);
  }

  static byte[] key(long id) {
    return Long.toString(id).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void streamingPutsAndBulkUploadMergeByVersionCellByCell() {
    HBaseSink stream = sink("tributary:merged", Map.of("salt_buckets", 4, "max_versions", 3));
    HBaseSink bulk = sink("tributary:merged",
        Map.of("salt_buckets", 4, "max_versions", 3, "bulk_upload", true));
    stream.open(TestHBase.spark());

    List<Row> streamed = new ArrayList<>();
    LongStream.rangeClosed(1, 200).forEach(id -> streamed.add(upsert(id, 1000 + id, "s-" + id, id * 10)));
    SinkResult s = stream.write(rows(streamed), TestHBase.streaming(1));
    assertEquals(200, s.written());

    // the Hive reindex arrives later: older versions for 101..200, newer (only) rows 201..300
    List<Row> reindex = new ArrayList<>();
    LongStream.rangeClosed(101, 300).forEach(id -> reindex.add(upsert(id, id <= 200 ? 500 : 2000, "b-" + id, id * 100)));
    SinkResult b = bulk.write(rows(reindex), TestHBase.batch());
    assertEquals(200, b.written());

    try (StateStore store = StateStore.of(stream.config())) {
      List<byte[]> keys = new ArrayList<>();
      LongStream.rangeClosed(1, 300).forEach(id -> keys.add(key(id)));
      List<StateStore.StoredRow> merged = store.multiGet(keys);
      for (int i = 0; i < 300; i++) {
        long id = i + 1;
        StateStore.StoredRow row = merged.get(i);
        boolean fromStream = id <= 200;
        long version = fromStream ? 1000 + id : 2000;
        String where = "listing " + id;
        assertEquals(Optional.of(version), row.latest("title").map(StateStore.Versioned::version), where);
        assertEquals((fromStream ? "s-" : "b-") + id, row.latest("title").orElseThrow().asString(), where);
        assertEquals(fromStream ? id * 10 : id * 100, row.latest("host_id").orElseThrow().asLong(), where);
        assertEquals(version, row.latest("host_id").orElseThrow().version(), where);
        assertEquals("[\"wifi\",\"t" + id + "\"]", row.latest("tags").orElseThrow().asString(), where);
        assertEquals(Optional.empty(), row.latest("operation"), "the delete column is not a value column");
        assertEquals(Optional.empty(), row.latest("mutation_id"), "the version column is not a value column");
      }
      // the older bulk-loaded version is below the streamed one, readable as of its version
      assertEquals("b-150", store.valueAsOf(key(150), "title", 600).orElseThrow().asString());
      assertEquals(Optional.empty(), store.valueAsOf(key(150), "title", 499));
      assertEquals(List.of(1150L, 500L), store.versions(key(150), "title", 0, Long.MAX_VALUE).stream()
          .map(StateStore.Versioned::version).toList());
      // rows are spread over the 4 salt regions
      assertEquals(300, store.prefixScan(new byte[0], 0, Long.MAX_VALUE).size());
    }
  }

  @Test
  void replayingABatchLeavesTheTableIdentical() throws Exception {
    HBaseSink stream = sink("replay", Map.of("max_versions", 5));
    HBaseSink bulk = sink("replay", Map.of("max_versions", 5, "bulk_upload", true));
    stream.open(TestHBase.spark());
    List<Row> batch = new ArrayList<>();
    LongStream.rangeClosed(1, 100).forEach(id -> batch.add(upsert(id, 10 + id % 7, "t" + id, id % 3 == 0 ? null : id)));
    LongStream.rangeClosed(90, 100).forEach(id -> batch.add(delete(id, 50)));
    Dataset<Row> rows = rows(batch).cache();

    stream.write(rows, TestHBase.streaming(7));
    Map<String, String> once = snapshot("replay");
    stream.write(rows, TestHBase.streaming(7));
    assertEquals(once, snapshot("replay"), "streaming replay");

    List<Row> reindex = new ArrayList<>();
    LongStream.rangeClosed(50, 150).forEach(id -> reindex.add(upsert(id, 30, "r" + id, id)));
    Dataset<Row> reindexRows = rows(reindex).cache();
    bulk.write(reindexRows, TestHBase.batch());
    Map<String, String> loaded = snapshot("replay");
    assertTrue(loaded.size() > once.size());
    bulk.write(reindexRows, TestHBase.batch());
    assertEquals(loaded, snapshot("replay"), "bulk replay");
    stream.write(rows, TestHBase.streaming(7));
    assertEquals(loaded, snapshot("replay"), "streaming replay after the bulk load");
  }

  @Test
  void deletesAreVersionedAndNothingOlderResurrects() {
    HBaseSink stream = sink("deletes", Map.of("max_versions", 5));
    HBaseSink bulk = sink("deletes", Map.of("max_versions", 5, "bulk_upload", true));
    stream.open(TestHBase.spark());
    try (StateStore store = StateStore.of(stream.config())) {
      stream.write(rows(List.of(upsert(7, 10, "t10", 1L), upsert(8, 10, "keep", 2L))), TestHBase.streaming(1));
      stream.write(rows(List.of(delete(7, 20))), TestHBase.streaming(2));
      assertTrue(store.multiGet(List.of(key(7))).get(0).isEmpty(), "deleted");

      stream.write(rows(List.of(upsert(7, 15, "t15", 1L))), TestHBase.streaming(3));
      bulk.write(rows(List.of(upsert(7, 12, "t12", 1L))), TestHBase.batch());
      assertTrue(store.multiGet(List.of(key(7))).get(0).isEmpty(), "late older upserts stay deleted");
      // KEEP_DELETED_CELLS: a read as of a version before the delete still sees the value then
      assertEquals("t15", store.valueAsOf(key(7), "title", 19).orElseThrow().asString());

      stream.write(rows(List.of(upsert(7, 30, "t30", null))), TestHBase.streaming(4));
      StateStore.StoredRow back = store.multiGet(List.of(key(7))).get(0);
      assertEquals("t30", back.latest("title").orElseThrow().asString());
      assertEquals(Optional.empty(), back.latest("host_id"), "a null column is a column delete at the version");

      bulk.write(rows(List.of(upsert(7, 25, "t25", 9L), delete(8, 40))), TestHBase.batch());
      StateStore.StoredRow after = store.multiGet(List.of(key(7))).get(0);
      assertEquals("t30", after.latest("title").orElseThrow().asString());
      assertEquals(Optional.empty(), after.latest("host_id"), "older bulk value below the newer null");
      assertTrue(store.multiGet(List.of(key(8))).get(0).isEmpty(), "a bulk-loaded delete marker deletes");
    }
  }

  /** Every visible cell version (row/qualifier/version -> value), as a reader with all versions sees the table. */
  static Map<String, String> snapshot(String table) throws Exception {
    Map<String, String> cells = new TreeMap<>();
    try (Table t = HBaseClients.shared(zk, Map.of()).getTable(TableName.valueOf(table));
        ResultScanner scanner = t.getScanner(new Scan().readAllVersions())) {
      for (Result r : scanner) {
        for (Cell c : r.rawCells()) {
          cells.put(Bytes.toStringBinary(CellUtil.cloneRow(c)) + "/" + Bytes.toString(CellUtil.cloneQualifier(c)) + "/"
              + c.getTimestamp(), Bytes.toStringBinary(CellUtil.cloneValue(c)));
        }
      }
    }
    assertFalse(cells.isEmpty());
    return cells;
  }

  @Test
  void aMissingFamilyFailsAtOpenNamingTableAndFamily() {
    sink("families", Map.of()).open(TestHBase.spark());
    HBaseSink wrongFamily = sink("families", Map.of("column_family", "x"));
    SinkWriteException e = assertThrows(SinkWriteException.class, () -> wrongFamily.open(TestHBase.spark()));
    assertTrue(e.getMessage().contains("hbase families") && e.getMessage().contains("column family x"),
        e.getMessage());
  }

  /**
   * A created table's family gets the sink's compression, and the bulk path writes its HFiles in the family's format
   * (its compression and its bloom filter, ROW by default), as they stay after the load.
   */
  @Test
  void bulkUploadWritesTheFamilysCompressionAndBloom() throws Exception {
    HBaseSink bulk = sink("formatted", Map.of("salt_buckets", 2, "bulk_upload", true, "compression", "SNAPPY"));
    bulk.open(TestHBase.spark());
    List<Row> input = new ArrayList<>();
    LongStream.rangeClosed(1, 50).forEach(id -> input.add(upsert(id, 7, "t-" + id, id)));
    assertEquals(50, bulk.write(rows(input), TestHBase.batch()).written());

    var connection = HBaseClients.shared(bulk.config());
    try (Admin admin = connection.getAdmin()) {
      assertEquals(Compression.Algorithm.SNAPPY, admin.getDescriptor(TableName.valueOf("formatted"))
          .getColumnFamily(Bytes.toBytes("d")).getCompressionType());
    }
    Configuration conf = HBaseClients.configuration(bulk.config());
    Path families = new Path(rootDir, "data/default/formatted/*/d/*");
    FileSystem fs = families.getFileSystem(conf);
    List<Path> storeFiles = Arrays.stream(fs.globStatus(families)).map(FileStatus::getPath)
        .filter(p -> !p.getName().startsWith(".")).toList();
    assertEquals(2, storeFiles.size(), "one loaded file per region: " + storeFiles);
    for (Path file : storeFiles) {
      try (HFile.Reader reader = HFile.createReader(fs, file, CacheConfig.DISABLED, true, conf)) {
        assertEquals(Compression.Algorithm.SNAPPY, reader.getFileContext().getCompression(), file.toString());
        assertEquals("ROW", Bytes.toString(reader.getHFileInfo().get(HStoreFile.BLOOM_FILTER_TYPE_KEY)),
            file.toString());
      }
    }
    try (StateStore store = StateStore.of(bulk.config())) {
      List<StateStore.StoredRow> read = store.multiGet(LongStream.rangeClosed(1, 50).mapToObj(HBaseSinkTest::key)
          .toList());
      for (int i = 0; i < 50; i++) {
        assertEquals("t-" + (i + 1), read.get(i).latest("title").orElseThrow().asString());
      }
    }
  }

  @Test
  void saltIsAStablePrefix() {
    byte[] salted = RowKeys.salted(key(42), 4);
    assertEquals(key(42).length + 1, salted.length);
    assertArrayEquals(salted, RowKeys.salted(key(42), 4));
    assertTrue(salted[0] >= 0 && salted[0] < 4);
  }
}
