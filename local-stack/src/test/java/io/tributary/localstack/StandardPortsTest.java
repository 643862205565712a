package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which ports each server asks for (standard or free), the Druid config they end up in, and the error when another
 * process holds one. No server is started: the ports are checked and chosen before anything is resolved.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StandardPortsTest {

    @TempDir
    Path tmp;

    private LocalStack stack(boolean standardPorts) {
        // a missing mvn: anything that got as far as resolving artifacts would fail with a different message
        return new LocalStack(LocalStackConfig.builder().workDir(tmp.resolve("w")).cacheDir(tmp.resolve("c"))
                .mvnCommand(tmp.resolve("no-such-mvn").toString()).standardPorts(standardPorts).build());
    }

    private static Map<String, Map<String, Integer>> requested(LocalStack stack) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        stack.servers().forEach(s -> out.put(s.name(), s.requestedPorts()));
        return out;
    }

    @Test
    void standardPortsAreTheWellKnownOnesOnEveryServer() {
        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("kafka", Map.of("broker", 9092, "controller", 9093));
        expected.put("hive-metastore", Map.of("thrift", 9083));
        expected.put("elasticsearch", Map.of("http", 9200, "transport", 9300));
        expected.put("hbase", Map.of("zookeeper", 2181, "master", 16000, "regionserver", 16020));
        expected.put("druid", Map.of("zookeeper.client", 2182, "coordinator.http", 8081, "coordinator.derby", 1527,
                "broker.http", 8082, "historical.http", 8083, "indexer.http", 8091));
        assertEquals(expected, requested(stack(true)));
        assertEquals(expected, requested(stack(false).withStandardPorts()), "the knob and the config flag agree");
    }

    @Test
    void hbaseOnHdfsAlsoAsksForTheNameNodesStandardPort() {
        assertEquals(Map.of("zookeeper", 2181, "master", 16000, "regionserver", 16020, "namenode", 8020),
                stack(true).hbase().onHdfs().requestedPorts());
    }

    @Test
    void withoutStandardPortsEveryPortIsPickedFree() {
        requested(stack(false)).forEach((server, ports) ->
                assertTrue(ports.values().stream().allMatch(p -> p == 0), server + " asks for " + ports));
    }

    @Test
    void druidsPortKnobsReachItsGeneratedConfig() throws Exception {
        LocalStack stack = stack(false);
        int http = Processes.freePort();
        int derby = Processes.freePort();
        int zk = Processes.freePort();
        DruidCluster druid = stack.druid().withCoordinatorPort(http).withDerbyPort(derby).withZookeeperPort(zk);
        DruidZooKeeper zookeeper = (DruidZooKeeper) druid.processes().get(0);
        DruidServer coordinator = (DruidServer) druid.processes().get(1);

        Map<String, Integer> coordinatorPorts = coordinator.choosePorts();
        assertEquals(Map.of("http", http, "derby", derby), coordinatorPorts);
        int zkPort = zookeeper.choosePorts().get("client");
        assertEquals(zk, zkPort);
        assertTrue(Files.readString(coordinator.directory().resolve("ports.properties")).contains("derby=" + derby));

        String common = druid.commonProperties(coordinatorPorts.get("derby"), "127.0.0.1:" + zkPort);
        assertTrue(common.contains("druid.metadata.storage.connector.connectURI=jdbc:derby://127.0.0.1:" + derby + "/"), common);
        assertTrue(common.contains("druid.zk.service.host=127.0.0.1:" + zk), common);
        assertEquals(Integer.toString(http), coordinator.roleProperties(coordinatorPorts.get("http")).get("druid.plaintextPort"));
        assertTrue(DruidZooKeeper.zooCfg(tmp, zkPort).contains("clientPort=" + zk + "\n"));
    }

    @Test
    void aBusyPortFailsTheStartNamingServerPortAndWayOut() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = busy.getLocalPort();
            LocalStack stack = stack(false);
            HiveMetastoreServer hive = stack.hiveMetastore().withPort(port);

            LocalStackException preflight = assertThrows(LocalStackException.class, () -> stack.checkPorts(List.of(hive)));
            String m = preflight.getMessage();
            assertTrue(m.contains("hive-metastore port " + port + " (thrift) on 127.0.0.1 is in use by pid "
                    + ProcessHandle.current().pid()), m);
            assertTrue(m.contains("--free-ports"), m);

            LocalStackException start = assertThrows(LocalStackException.class, hive::start);
            assertTrue(start.getMessage().startsWith("hive-metastore cannot start: port " + port
                    + " (thrift) on 127.0.0.1 is in use by pid "), start.getMessage());
            assertTrue(start.getMessage().contains("--free-ports"), start.getMessage());
            assertFalse(hive.status().running());
            assertEquals(List.of(), stack.kafka().portConflicts(), "free ports never conflict");
        }
    }

    @Test
    void cliStartWithAStandardPortTakenFailsBeforeStartingAnything() {
        String message = cliStartWhilePortIsTaken(StandardPorts.HIVE_METASTORE, "--only", "hive-metastore");
        assertTrue(message.contains("hive-metastore port 9083 (thrift) on 127.0.0.1 is in use"), message);
        assertFalse(Files.exists(tmp.resolve("cli/hive-metastore/state.properties")), "nothing was started");
    }

    /** The CLI's flag reaches the server: its NameNode's port is checked with the others, before anything starts. */
    @Test
    void cliHbaseOnHdfsChecksTheNameNodePortBeforeStartingAnything() {
        String message = cliStartWhilePortIsTaken(StandardPorts.HDFS_NAMENODE, "--only", "hbase", "--hbase-on-hdfs");
        assertTrue(message.contains("hbase port 8020 (namenode) on 127.0.0.1 is in use"), message);
        assertFalse(Files.exists(tmp.resolve("cli/hbase/state.properties")), "nothing was started");
    }

    /** {@code LocalStackCli start args...} while {@code port} is held; asserts exit 1 and returns what it printed. */
    private String cliStartWhilePortIsTaken(int port, String... args) {
        ServerSocket holder = null;
        try {
            holder = new ServerSocket();
            holder.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (java.io.IOException alreadyTaken) {
            // someone else holds it already: the CLI must refuse all the same
        }
        List<String> command = new java.util.ArrayList<>(List.of("start"));
        command.addAll(List.of(args));
        command.addAll(List.of("--work-dir", tmp.resolve("cli").toString(), "--cache-dir", tmp.resolve("c").toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, LocalStackCli.run(command.toArray(String[]::new)));
        } finally {
            System.setErr(original);
            closeQuietly(holder);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(ServerSocket s) {
        if (s != null) {
            try {
                s.close();
            } catch (java.io.IOException ignored) {
                // test cleanup
            }
        }
    }
}
