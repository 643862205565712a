package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The standalone HBase as a child process: healthy (master initialised, every port on loopback), a second start
 * reuses it, stop ends the whole process group. Reads and writes are tested in hbase-writer with the real client.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HBaseServerTest {

  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = TestStacks.started("hbase-it", LocalStack::hbase);
  }

  @AfterAll
  static void clean() {
    if (stack != null) {
      stack.clean();
    }
  }

  @Test
  void servesOnLoopbackAndRestartIsIdempotent() throws Exception {
    HBaseServer hbase = stack.hbase();
    ServerStatus first = hbase.status();
    assertTrue(first.healthy(), first.describe());
    assertEquals("127.0.0.1:" + hbase.zookeeperPort(), hbase.zookeeperQuorum());
    assertTrue(Files.isDirectory(hbase.rootDir()), "root dir on the local file system: " + hbase.rootDir());
    String site = Files.readString(hbase.directory().resolve("config/hbase-site.xml"));
    assertTrue(site.contains("<name>hbase.master.info.port</name><value>-1</value>"), site);

    ServerStatus again = hbase.start();
    assertEquals(first.pid(), again.pid(), "a healthy instance is reused");

    TestStacks.assertStopsCleanly(hbase);
  }
}
