package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link HBaseSinkTest}'s cases against HBase on HDFS (root dir, WAL and bulk-load staging on a NameNode with one
 * DataNode), as HBase runs in production. What only shows there: the bulk load reads HFiles through HDFS's client
 * streams (the Hadoop-2 build of the HBase client failed on them with a NoSuchMethodError on Spark's Hadoop 3), and
 * the region server moves the files instead of copying them.
 */
class HBaseSinkOnHdfsTest extends HBaseSinkTest {
  @BeforeAll
  static void start() { // hides HBaseSinkTest.start: JUnit then runs only this one
    stack = TestHBase.startHBaseOnHdfs("hbase-sink-hdfs");
    zk = stack.hbase().zookeeperQuorum();
    sinkDefaults = TestHBase.onHdfs(stack);
    rootDir = stack.hbase().hdfsUri() + "/hbase";
    TestHBase.spark();
  }

  @Test
  void bulkLoadMovesTheHFilesInsteadOfCopyingThem() throws IOException {
    HBaseSink bulk = sink("moved", Map.of("salt_buckets", 2, "bulk_upload", true));
    bulk.open(TestHBase.spark());
    Path log = stack.hbase().logFile();
    long before = Files.size(log);
    assertEquals(2, bulk.write(rows(List.of(upsert(1, 10, "a", 1L), upsert(2, 10, "b", 2L))), TestHBase.batch())
        .written());

    String written = readFrom(log, before);
    // on the local file system the region server logs "Bulk-load file ... is on different filesystem ..." and
    // "Copied ..." for each file, twice over
    assertTrue(written.contains("Successfully loaded hdfs://"), written);
    assertFalse(written.contains("different filesystem") || written.contains("Copied "), written);
  }

  private static String readFrom(Path file, long offset) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(offset);
      byte[] bytes = new byte[(int) (in.length() - offset)];
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
