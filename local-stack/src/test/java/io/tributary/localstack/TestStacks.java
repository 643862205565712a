package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The work dir the tests share (surefire sets it under target/), so servers are reused across test classes. */
final class TestStacks {
    private TestStacks() {
    }

    static LocalStackConfig config(String sub) {
        String base = System.getProperty("tributary.localstack.workDir", "target/local-stack-it");
        return LocalStackConfig.builder().workDir(Path.of(base, sub)).build();
    }

    /**
     * The local addresses (hex as in {@code /proc/net/tcp}, e.g. {@code 0100007F} for 127.0.0.1) that listen on
     * {@code port}; IPv6 ones from {@code tcp6}.
     */
    static List<String> listeningAddresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && "0A".equals(f[3]) && f[1].endsWith(String.format(":%04X", port))) {
                    out.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return out;
    }

    /** A stack on work dir {@code sub} (stopped when the JVM exits) whose server {@code which} has started healthy. */
    static LocalStack started(String sub, Function<LocalStack, Server> which) {
        LocalStack stack = new LocalStack(config(sub)).stopOnJvmExit();
        ServerStatus st = which.apply(stack).start();
        assertTrue(st.healthy(), st.describe());
        return stack;
    }

    /** Starts {@code which} from a fresh stack on the same work dir, as the CLI in another JVM would. */
    static ServerStatus startFromAnotherStack(String sub, Function<LocalStack, Server> which) {
        return which.apply(new LocalStack(config(sub))).start();
    }

    /** Stops {@code server} and checks that none of its processes is left; a second stop is harmless. */
    static void assertStopsCleanly(Server server) {
        long pid = server.status().pid();
        server.stop();
        assertTrue(gone(pid), server.name() + " pid " + pid + " still alive after stop");
        assertTrue(Processes.processGroup(pid).isEmpty(), "processes left in group " + pid);
        assertFalse(server.status().running());
        server.stop();
    }

    /** True when pid is gone (or only a zombie). */
    static boolean gone(long pid) {
        return !Processes.isLive(pid);
    }
}
