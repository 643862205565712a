package io.tributary.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One Druid process ({@code org.apache.druid.cli.Main server <role>}) of the {@link DruidCluster}, in its own JVM.
 * Its config dir (first on the classpath) holds {@code common.runtime.properties}, shared by the cluster, and the
 * role's {@code runtime.properties}; Druid reads both from the classpath. Healthy when {@code /status/health} says
 * {@code true}.
 */
final class DruidServer extends ManagedServer {

    /** The processes of the cluster, with the heap and direct memory each gets (sized for a 2-core laptop). */
    enum Role {
        COORDINATOR("coordinator", "256m", "64m"),
        BROKER("broker", "256m", "192m"),
        HISTORICAL("historical", "256m", "192m"),
        INDEXER("indexer", "448m", "192m");

        final String command;
        final String heap;
        final String directMemory;

        Role(String command, String heap, String directMemory) {
            this.command = command;
            this.heap = heap;
            this.directMemory = directMemory;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Role role;
    private final DruidCluster cluster;

    DruidServer(Role role, DruidCluster cluster, LocalStackConfig config, ArtifactResolver resolver) {
        super("druid-" + role.command, config, resolver);
        this.role = role;
        this.cluster = cluster;
    }

    Role role() {
        return role;
    }

    /** The HTTP port ({@code druid.plaintextPort}); 0 = pick. */
    DruidServer withHttpPort(int port) {
        fixPort("http", port);
        return this;
    }

    /** The Derby network server port; only the coordinator runs Derby. 0 = pick. */
    DruidServer withDerbyPort(int port) {
        if (role != Role.COORDINATOR) {
            throw new IllegalStateException("only druid's coordinator runs Derby, not the " + role.command);
        }
        fixPort("derby", port);
        return this;
    }

    @Override
    protected List<String> portRoles() {
        return role == Role.COORDINATOR ? List.of("http", "derby") : List.of("http");
    }

    /** {@code http://127.0.0.1:port} of the running process. */
    String url() {
        Integer port = recordedPorts().get("http");
        if (port == null) {
            throw new LocalStackException(name() + " is not running (no state in " + directory() + ")");
        }
        return "http://" + Processes.LOOPBACK + ":" + port;
    }

    /** The Derby network server port (the coordinator runs Druid's metadata store). */
    Integer derbyPort() {
        return recordedPorts().get("derby");
    }

    @Override
    protected String endpoint(Map<String, Integer> ports) {
        Integer p = ports.get("http");
        return p == null ? null : "http://" + Processes.LOOPBACK + ":" + p;
    }

    @Override
    protected String unhealthyReason(Map<String, Integer> ports, long logOffset) {
        Integer p = ports.get("http");
        if (p == null) {
            return "no http port recorded";
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://" + Processes.LOOPBACK + ":" + p + "/status/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().trim().equals("true") ? null
                    : "/status/health answered " + r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "/status/health: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    protected List<String> prepare(Map<String, Integer> ports) throws IOException {
        Path dir = directory();
        Path conf = dir.resolve("config");
        Files.createDirectories(conf);
        int derby = role == Role.COORDINATOR ? ports.get("derby") : cluster.derbyPort();
        Files.writeString(conf.resolve("common.runtime.properties"),
                cluster.commonProperties(derby, cluster.zookeeperConnect()));
        Files.writeString(conf.resolve("runtime.properties"), format(roleProperties(ports.get("http"))));
        Path log4j = DruidCluster.writeLog4j(conf);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path classpathArgs = conf.resolve("classpath.args");
        Files.writeString(classpathArgs, "-cp \"" + (conf + java.io.File.pathSeparator
                + DruidCluster.classpath(resolver, config)).replace("\\", "\\\\") + "\"\n");
        List<String> cmd = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xms64m", "-Xmx" + role.heap,
                "-XX:MaxDirectMemorySize=" + role.directMemory, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Duser.timezone=UTC", "-Dfile.encoding=UTF-8", "-Djava.io.tmpdir=" + tmp,
                "-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager",
                "-Dlog4j.configurationFile=" + log4j.toUri(), "-Ddruid.node.type=" + role.command,
                "-Dtributary.localstack=" + dir));
        cmd.addAll(JAVA17_FLAGS);
        cmd.addAll(List.of("@" + classpathArgs, "org.apache.druid.cli.Main", "server", role.command));
        return cmd;
    }

    /** What Druid's own start scripts pass on Java 17 (its memory and JVM monitors reach into the JDK). */
    private static final List<String> JAVA17_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

    Map<String, String> roleProperties(int port) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("druid.plaintextPort", Integer.toString(port));
        p.put("druid.server.http.numThreads", "12");
        Path shared = cluster.directory();
        switch (role) {
            case COORDINATOR -> {
                p.put("druid.service", "druid/coordinator");
                // the overlord runs inside the coordinator: one JVM fewer
                p.put("druid.coordinator.asOverlord.enabled", "true");
                p.put("druid.coordinator.asOverlord.overlordService", "druid/overlord");
                p.put("druid.coordinator.startDelay", "PT2S");
                p.put("druid.coordinator.period", "PT2S");
                p.put("druid.coordinator.period.indexingPeriod", "PT30S");
                p.put("druid.manager.segments.pollDuration", "PT2S");
                p.put("druid.indexer.queue.startDelay", "PT1S");
                p.put("druid.indexer.storage.type", "metadata");
                p.put("druid.indexer.runner.type", "remote");
                p.put("druid.indexer.runner.taskAssignmentTimeout", "PT2M");
            }
            case BROKER -> {
                p.put("druid.service", "druid/broker");
                p.put("druid.broker.http.numConnections", "6");
                p.put("druid.broker.http.maxQueuedBytes", "10MiB");
                processing(p, "32MiB", 2, 1);
                p.put("druid.sql.enable", "true");
                p.put("druid.sql.planner.metadataRefreshPeriod", "PT2S");
            }
            case HISTORICAL -> {
                p.put("druid.service", "druid/historical");
                processing(p, "32MiB", 2, 1);
                p.put("druid.segmentCache.locations", "[{\"path\":\"" + json(directory().resolve("segment-cache")) + "\",\"maxSize\":\"4GiB\"}]");
                p.put("druid.server.maxSize", "4GiB");
                p.put("druid.segmentCache.numLoadingThreads", "2");
            }
            case INDEXER -> {
                p.put("druid.service", "druid/indexer");
                // a Kafka supervisor's task plus an index_parallel task (and its sub-task) at the same time
                p.put("druid.worker.capacity", "4");
                p.put("druid.worker.globalIngestionHeapLimitBytes", "160000000");
                p.put("druid.indexer.task.baseTaskDir", json(directory().resolve("tasks")));
                p.put("druid.indexer.task.restoreTasksOnRestart", "true");
                p.put("druid.indexer.task.gracefulShutdownTimeout", "PT5S");
                p.put("druid.server.http.numThreads", "24");
                processing(p, "32MiB", 2, 1);
            }
            default -> throw new IllegalStateException(role.name());
        }
        p.put("druid.indexer.logs.directory", json(shared.resolve("indexing-logs")));
        return p;
    }

    private static void processing(Map<String, String> p, String buffer, int mergeBuffers, int threads) {
        p.put("druid.processing.buffer.sizeBytes", buffer);
        p.put("druid.processing.numMergeBuffers", Integer.toString(mergeBuffers));
        p.put("druid.processing.numThreads", Integer.toString(threads));
        p.put("druid.query.groupBy.maxOnDiskStorage", "0");
    }

    static String json(Path p) {
        return p.toString().replace("\\", "/");
    }

    static String format(Map<String, String> props) {
        return props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "# written by io.tributary.localstack\n", "\n"));
    }
}
