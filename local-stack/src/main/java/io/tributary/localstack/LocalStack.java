package io.tributary.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real servers Tributary needs, on 127.0.0.1, as child processes in a work dir.
 *
 * <pre>{@code
 * LocalStack stack = new LocalStack(LocalStackConfig.builder().workDir(dir).build());
 * stack.kafka().start();
 * String bootstrap = stack.kafka().bootstrapServers();   // 127.0.0.1:port
 * stack.elasticsearch().start();
 * String es = stack.elasticsearch().httpUrl();           // http://127.0.0.1:port
 * ...
 * stack.stopAll();   // or stack.clean() to also delete the work dir
 * }</pre>
 *
 * Starting is idempotent and works across JVMs: a server recorded as running and healthy in the work dir is reused.
 * The servers keep running after this JVM exits unless {@link #stopAll()} (or {@link #close()}) is called.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalStackConfig config;
    private final KafkaServer kafka;
    private final ElasticsearchServer elasticsearch;
    private final HBaseServer hbase;
    private final HiveMetastoreServer hiveMetastore;
    private final DruidCluster druid;
    private final Map<String, Server> servers = new LinkedHashMap<>(); // start order
    private Thread shutdownHook;

    public LocalStack(LocalStackConfig config) {
        this.config = config;
        ArtifactResolver resolver = new ArtifactResolver(config);
        this.kafka = new KafkaServer(config, resolver);
        this.hiveMetastore = new HiveMetastoreServer(config, resolver);
        this.elasticsearch = new ElasticsearchServer(config, resolver);
        this.hbase = new HBaseServer(config, resolver);
        this.druid = new DruidCluster(config, resolver);
        for (Server s : List.of(kafka, hiveMetastore, elasticsearch, hbase, druid)) {
            servers.put(s.name(), s);
        }
        if (config.standardPorts()) {
            withStandardPorts();
        }
    }

    /**
     * Fixes every server on its {@link StandardPorts standard port} (Kafka 9092, Elasticsearch 9200, HBase's
     * ZooKeeper 2181, the metastore 9083, Druid's broker 8082, ...), as the job files in {@code job-configs/} expect.
     * A start then fails, naming the port, when another process holds one; it never moves to another port.
     */
    public LocalStack withStandardPorts() {
        StandardPorts.apply(this);
        return this;
    }

    /** With {@link LocalStackConfig#defaults()} but the given work dir. */
    public static LocalStack inWorkDir(Path workDir) {
        return new LocalStack(LocalStackConfig.builder().workDir(workDir).build());
    }

    public LocalStackConfig config() {
        return config;
    }

    public Path workDir() {
        return config.workDir();
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public ElasticsearchServer elasticsearch() {
        return elasticsearch;
    }

    public HBaseServer hbase() {
        return hbase;
    }

    /** The Hive metastore Thrift service (embedded Derby, local warehouse). */
    public HiveMetastoreServer hiveMetastore() {
        return hiveMetastore;
    }

    /** ZooKeeper, coordinator-overlord, broker, historical and indexer, each its own JVM; one {@link Server}. */
    public DruidCluster druid() {
        return druid;
    }

    /** All servers in start order. */
    public List<Server> servers() {
        return List.copyOf(servers.values());
    }

    /** The server with that name ({@code kafka}, {@code hive-metastore}, {@code elasticsearch}, {@code hbase}, {@code druid}). */
    public Server server(String name) {
        Server s = servers.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown server '" + name + "'; known: " + servers.keySet());
        }
        return s;
    }

    /** Starts every server (in order), returning their statuses; first checks that every asked-for port is free. */
    public List<ServerStatus> startAll() {
        return start(servers());
    }

    /** Starts {@code selected} in order, after {@link #checkPorts}, returning their statuses. */
    public List<ServerStatus> start(List<Server> selected) {
        checkPorts(selected);
        List<ServerStatus> out = new ArrayList<>();
        for (Server s : selected) {
            out.add(s.start());
        }
        return out;
    }

    /**
     * Fails, listing every conflict, when another process holds a port one of {@code selected} asks for (servers
     * already running are skipped: start reuses them). Checked before anything starts, so a busy 8082 does not
     * surface only after Kafka, Elasticsearch and HBase are up.
     */
    public void checkPorts(List<Server> selected) {
        List<String> conflicts = selected.stream().flatMap(s -> s.portConflicts().stream()).toList();
        if (!conflicts.isEmpty()) {
            throw new LocalStackException("ports in use, nothing started:\n  " + String.join("\n  ", conflicts)
                    + "\n" + PortAssignment.WAY_OUT);
        }
    }

    /** Stops every server in reverse start order. Continues past failures and rethrows the first at the end. */
    public void stopAll() {
        List<Server> reverse = new ArrayList<>(servers.values());
        Collections.reverse(reverse);
        RuntimeException first = null;
        for (Server s : reverse) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    public List<ServerStatus> statusAll() {
        return servers.values().stream().map(Server::status).toList();
    }

    /** Stops everything and deletes the work dir (data, logs, unpacked servers). The cache dir is kept. */
    public void clean() {
        stopAll();
        servers.values().forEach(LocalStack::clean);
        FileTrees.deleteRecursively(config.workDir());
    }

    /** Stops one server and deletes its dirs, also what it keeps outside the work dir. */
    static void clean(Server s) {
        if (s instanceof ManagedServer managed) {
            managed.clean();
        } else if (s instanceof DruidCluster cluster) {
            cluster.clean();
        }
    }

    /**
     * Stops every server when this JVM exits (normally or on SIGTERM/SIGINT; not on SIGKILL), for tests and demos
     * that must not leave servers behind. The CLI does not use it: its servers outlive it by design.
     */
    public synchronized LocalStack stopOnJvmExit() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> {
                try {
                    stopAll();
                } catch (RuntimeException e) {
                    System.err.println("local-stack: stopping on exit failed: " + e.getMessage());
                }
            }, "local-stack-stop-on-exit");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** Same as {@link #stopAll()}. */
    @Override
    public void close() {
        stopAll();
    }
}
