package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The Hive metastore as a child process: answers a real call on 127.0.0.1 only, keeps Derby and the warehouse under
 * its dir, a second start reuses it, stop leaves no process. Spark against it is tested in common
 * ({@code RemoteMetastoreTest}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiveMetastoreServerTest {

    static LocalStack stack;
    static HiveMetastoreServer hive;

    @BeforeAll
    static void start() {
        stack = TestStacks.started("hive-it", LocalStack::hiveMetastore);
        hive = stack.hiveMetastore();
    }

    @AfterAll
    static void clean() {
        if (stack != null) {
            stack.clean();
        }
    }

    @Test
    @Order(1)
    void answersOnLoopbackOnlyWithItsStateUnderTheWorkDir() throws Exception {
        ServerStatus st = hive.status();
        int port = st.ports().get("thrift");
        assertEquals("thrift://127.0.0.1:" + port, hive.uri());
        assertEquals(hive.uri(), st.endpoint());
        assertEquals(List.of("default"), MetastoreProbe.databases(port));
        assertEquals(List.of("0100007F"), TestStacks.listeningAddresses(port), "bound to 127.0.0.1 only");

        assertTrue(Files.isDirectory(hive.directory().resolve("data/metastore_db")), "Derby under the work dir");
        assertTrue(Files.isDirectory(hive.warehouseDir()));
        String site = Files.readString(hive.directory().resolve("config/hive-site.xml"));
        assertTrue(site.contains("<name>hive.metastore.warehouse.dir</name><value>" + hive.warehouseDir().toUri() + "</value>"), site);
        assertEquals(hive.uri(), hive.sparkConf().get("spark.hadoop.hive.metastore.uris"));
        assertEquals(hive.warehouseDir().toUri().toString(), hive.sparkConf().get("spark.sql.warehouse.dir"));
    }

    @Test
    @Order(2)
    void secondStartReusesTheRunningMetastore() {
        ServerStatus before = hive.status();
        ServerStatus again = TestStacks.startFromAnotherStack("hive-it", LocalStack::hiveMetastore);
        assertEquals(before.pid(), again.pid());
        assertEquals(before.ports(), again.ports());
    }

    @Test
    @Order(3)
    void stopLeavesNoProcessAndARestartKeepsItsPort() throws Exception {
        ServerStatus before = hive.status();
        TestStacks.assertStopsCleanly(hive);

        ServerStatus after = hive.start();
        assertTrue(after.healthy(), after.describe());
        assertEquals(before.ports(), after.ports(), "a restart reuses the previous port when free");
        assertEquals(List.of("default"), MetastoreProbe.databases(after.ports().get("thrift")), "same Derby, reopened");
    }
}
