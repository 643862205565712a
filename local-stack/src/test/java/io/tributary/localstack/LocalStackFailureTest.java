package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Failures say what went wrong and where to look; nothing is left running. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalStackFailureTest {

    @TempDir
    Path tmp;

    @Test
    void missingMavenIsAClearError() {
        LocalStackConfig cfg = LocalStackConfig.builder().workDir(tmp.resolve("w")).cacheDir(tmp.resolve("c"))
                .mvnCommand(tmp.resolve("no-such-mvn").toString()).build();
        LocalStackException e = assertThrows(LocalStackException.class, () -> new LocalStack(cfg).kafka().start());
        assertTrue(e.getMessage().contains("TRIBUTARY_MVN"), e.getMessage());
        assertFalse(new LocalStack(cfg).kafka().status().running());
    }

    @Test
    void unresolvableVersionShowsMavensOutput() {
        LocalStackConfig cfg = LocalStackConfig.builder().workDir(tmp.resolve("w")).cacheDir(tmp.resolve("c"))
                .kafkaVersion("0.0.0-does-not-exist").build();
        LocalStackException e = assertThrows(LocalStackException.class, () -> new LocalStack(cfg).kafka().start());
        assertTrue(e.getMessage().contains("mvn failed"), e.getMessage());
        assertTrue(e.getMessage().contains("0.0.0-does-not-exist"), e.getMessage());
    }

    @Test
    void busyConfiguredPortIsRefusedBeforeStarting() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            LocalStack stack = new LocalStack(LocalStackConfig.builder().workDir(tmp.resolve("w")).build());
            LocalStackException e = assertThrows(LocalStackException.class,
                    () -> stack.kafka().withBrokerPort(busy.getLocalPort()).start());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertFalse(stack.kafka().status().running());
        }
    }

    @Test
    void cliRejectsBadUsage() {
        assertEquals(2, LocalStackCli.run(new String[] {}));
        assertEquals(2, LocalStackCli.run(new String[] {"status", "--only", "cassandra", "--work-dir", tmp.toString()}));
        assertEquals(2, LocalStackCli.run(new String[] {"launch", "--work-dir", tmp.toString()}));
        assertEquals(1, LocalStackCli.run(new String[] {"status", "--work-dir", tmp.toString()}));
    }

    @Test
    void statusOfAnEmptyWorkDirIsStopped() {
        ServerStatus st = new LocalStack(LocalStackConfig.builder().workDir(tmp).build()).elasticsearch().status();
        assertFalse(st.running());
        assertEquals(Map.of(), st.ports());
    }
}
