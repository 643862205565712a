package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localstack.hbaselauncher.HBaseOnHdfs;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HBase on HDFS ({@link HBaseServer#onHdfs()}): the root dir is on the NameNode, which listens on loopback, and a
 * restart keeps HDFS (formatted once) and with it HBase's tables. Reads, writes and bulk loads on it are tested in
 * hbase-writer ({@code HBaseSinkOnHdfsTest}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HBaseOnHdfsServerTest {
  static final String WORK = "hbase-hdfs-it";

  @AfterAll
  static void clean() {
    new LocalStack(TestStacks.config(WORK)).clean();
  }

  @Test
  void rootDirOnLoopbackHdfsSurvivesARestartWithoutAReformat() throws Exception {
    HBaseServer hbase = new LocalStack(TestStacks.config(WORK)).stopOnJvmExit().hbase().onHdfs();
    ServerStatus first = hbase.start();
    assertTrue(first.healthy(), first.describe());
    String site = Files.readString(hbase.directory().resolve("config/hbase-site.xml"));
    assertTrue(site.contains("<name>hbase.rootdir</name><value>" + hbase.hdfsUri() + "/hbase</value>"), site);
    int nameNodePort = Integer.parseInt(hbase.hdfsUri().substring(hbase.hdfsUri().lastIndexOf(':') + 1));
    assertEquals(List.of("0100007F"), TestStacks.listeningAddresses(nameNodePort), "NameNode on 127.0.0.1 only");
    TestStacks.assertStopsCleanly(hbase);

    // a reformatted NameNode under ZooKeeper's old znodes would leave the master unable to open hbase:meta
    ServerStatus second = hbase.start();
    assertTrue(second.healthy(), second.describe());
    String log = Files.readString(hbase.logFile());
    assertEquals(1, log.split(HBaseOnHdfs.HDFS_FORMATTED, -1).length - 1, "formatted once, on the first start");
    assertEquals(2, log.split(HBaseOnHdfs.HDFS_UP, -1).length - 1, "HDFS came up twice");
    TestStacks.assertStopsCleanly(hbase);
  }
}
