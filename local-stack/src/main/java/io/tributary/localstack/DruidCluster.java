package io.tributary.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Druid cluster on 127.0.0.1 from the {@code org.apache.druid:druid-services} jars on Maven Central (plus the
 * Kafka indexing service and DataSketches extensions): ZooKeeper, coordinator (with the overlord inside), broker,
 * historical and indexer, each its own JVM. Derby metadata (run by the coordinator), local deep storage and task
 * logs under {@link #directory()}.
 *
 * <p>Start order: ZooKeeper, coordinator (it runs Derby, which the others need), then broker, historical and indexer
 * in parallel. Stop is the reverse, Druid before ZooKeeper, so no process spends its grace period reconnecting.
 */
public final class DruidCluster implements Server {

    private static final Logger LOG = LoggerFactory.getLogger(DruidCluster.class);
    static final String NAME = "druid";

    private final LocalStackConfig config;
    private final DruidZooKeeper zookeeper;
    private final DruidServer coordinator;
    private final DruidServer broker;
    private final DruidServer historical;
    private final DruidServer indexer;

    DruidCluster(LocalStackConfig config, ArtifactResolver resolver) {
        this.config = config;
        this.zookeeper = new DruidZooKeeper(config, resolver);
        this.coordinator = new DruidServer(DruidServer.Role.COORDINATOR, this, config, resolver);
        this.broker = new DruidServer(DruidServer.Role.BROKER, this, config, resolver);
        this.historical = new DruidServer(DruidServer.Role.HISTORICAL, this, config, resolver);
        this.indexer = new DruidServer(DruidServer.Role.INDEXER, this, config, resolver);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The coordinator's HTTP port, which also serves the overlord's API; 0 = pick. */
    public DruidCluster withCoordinatorPort(int port) {
        coordinator.withHttpPort(port);
        return this;
    }

    public DruidCluster withBrokerPort(int port) {
        broker.withHttpPort(port);
        return this;
    }

    public DruidCluster withHistoricalPort(int port) {
        historical.withHttpPort(port);
        return this;
    }

    public DruidCluster withIndexerPort(int port) {
        indexer.withHttpPort(port);
        return this;
    }

    /** Druid's own ZooKeeper (not HBase's); 0 = pick. */
    public DruidCluster withZookeeperPort(int port) {
        zookeeper.withClientPort(port);
        return this;
    }

    /** The Derby network server of the metadata store, run by the coordinator; 0 = pick. */
    public DruidCluster withDerbyPort(int port) {
        coordinator.withDerbyPort(port);
        return this;
    }

    /** By process and role, as {@link #status()} names them: {@code coordinator.http}, {@code zookeeper.client}, ... */
    @Override
    public Map<String, Integer> requestedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Server s : processes()) {
            s.requestedPorts().forEach((role, port) -> ports.put(processRole(s.name(), role), port));
        }
        return ports;
    }

    @Override
    public List<String> portConflicts() {
        return processes().stream().flatMap(s -> s.portConflicts().stream()).toList();
    }

    private static String processRole(String processName, String role) {
        return processName.replace(NAME + "-", "") + "." + role;
    }

    /** Shared state: deep storage, metadata (Derby), task logs. Each process has its own dir next to it. */
    @Override
    public Path directory() {
        return config.workDir().resolve(NAME);
    }

    /** The coordinator's log (it also runs the overlord); the others are in {@link #logFiles()}. */
    @Override
    public Path logFile() {
        return coordinator.logFile();
    }

    public List<Path> logFiles() {
        return processes().stream().map(Server::logFile).toList();
    }

    /** The coordinator, which also serves the overlord's API ({@code /druid/indexer/v1/...}). */
    public String coordinatorUrl() {
        return coordinator.url();
    }

    /**
     * The coordinator's process, which also runs the overlord and the Derby metadata store: stopped and started on
     * its own by the outage tests, while the other processes keep running.
     */
    public Server overlordProcess() {
        return coordinator;
    }

    /** Same process as the coordinator: the overlord runs inside it. */
    public String overlordUrl() {
        return coordinator.url();
    }

    /** Where Druid SQL ({@code POST /druid/v2/sql}) and native queries go; what Superset connects to. */
    public String brokerUrl() {
        return broker.url();
    }

    public String historicalUrl() {
        return historical.url();
    }

    public String indexerUrl() {
        return indexer.url();
    }

    public String zookeeperConnect() {
        return zookeeper.connectString();
    }

    /** Where local deep storage keeps segments. */
    public Path deepStorage() {
        return directory().resolve("deep-storage");
    }

    List<Server> processes() {
        return List.of(zookeeper, coordinator, broker, historical, indexer);
    }

    @Override
    public synchronized ServerStatus start() {
        long t0 = System.nanoTime();
        zookeeper.start();
        coordinator.start();
        // The three others only need ZooKeeper and Derby: starting them together saves ~20 s even on 2 cores.
        List<CompletableFuture<ServerStatus>> rest = new ArrayList<>();
        for (DruidServer s : List.of(broker, historical, indexer)) {
            rest.add(CompletableFuture.supplyAsync(s::start));
        }
        try {
            CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        ServerStatus status = status();
        LOG.info("druid healthy in {} ms: {}", (System.nanoTime() - t0) / 1_000_000, status.endpoint());
        return status;
    }

    /** Druid first (broker, historical, indexer, coordinator), ZooKeeper last; continues past failures. */
    @Override
    public synchronized void stop() {
        RuntimeException first = null;
        for (Server s : List.of(broker, historical, indexer, coordinator, zookeeper)) {
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

    /** Running when every process runs, healthy when every process is; the detail names the first that is not. */
    @Override
    public ServerStatus status() {
        List<ServerStatus> all = processes().stream().map(Server::status).toList();
        boolean running = all.stream().allMatch(ServerStatus::running);
        boolean healthy = all.stream().allMatch(ServerStatus::healthy);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ServerStatus s : all) {
            s.ports().forEach((role, port) -> ports.put(processRole(s.name(), role), port));
        }
        String detail = healthy ? "healthy" : all.stream().filter(s -> !s.healthy())
                .map(s -> s.name() + ": " + s.detail()).collect(Collectors.joining("; "));
        long pid = all.get(1).pid();
        String endpoint = all.get(2).endpoint() == null ? null : "broker " + all.get(2).endpoint()
                + " overlord " + all.get(1).endpoint();
        return new ServerStatus(NAME, running, healthy, pid, ports, endpoint, detail);
    }

    /** Stops the cluster and deletes its processes' dirs and the shared dir. */
    void clean() {
        stop();
        for (Server s : processes()) {
            ((ManagedServer) s).clean();
        }
        FileTrees.deleteRecursively(directory());
    }

    /** The Druid properties all processes share. */
    String commonProperties(int derby, String zookeeperConnect) throws IOException {
        Path shared = directory();
        Files.createDirectories(shared.resolve("extensions"));
        Files.createDirectories(shared.resolve("hadoop-dependencies"));
        Map<String, String> p = new LinkedHashMap<>();
        // extension jars are on the classpath; Druid finds their modules there (searchCurrentClassloader)
        p.put("druid.extensions.loadList", "[]");
        p.put("druid.extensions.searchCurrentClassloader", "true");
        p.put("druid.extensions.directory", DruidServer.json(shared.resolve("extensions")));
        p.put("druid.extensions.hadoopDependenciesDir", DruidServer.json(shared.resolve("hadoop-dependencies")));
        p.put("druid.host", Processes.LOOPBACK);
        p.put("druid.bindOnHost", "true");
        p.put("druid.startup.logging.logProperties", "false");
        p.put("druid.zk.service.host", zookeeperConnect);
        p.put("druid.zk.paths.base", "/druid");
        p.put("druid.metadata.storage.type", "derby");
        p.put("druid.metadata.storage.connector.connectURI", "jdbc:derby://" + Processes.LOOPBACK + ":" + derby + "/"
                + DruidServer.json(shared.resolve("metadata").resolve("druid.db")) + ";create=true");
        p.put("druid.metadata.storage.connector.host", Processes.LOOPBACK);
        p.put("druid.metadata.storage.connector.port", Integer.toString(derby));
        p.put("druid.storage.type", "local");
        p.put("druid.storage.storageDirectory", DruidServer.json(deepStorage()));
        p.put("druid.indexer.logs.type", "file");
        p.put("druid.selectors.indexing.serviceName", "druid/overlord");
        p.put("druid.selectors.coordinator.serviceName", "druid/coordinator");
        p.put("druid.monitoring.monitors", "[]");
        p.put("druid.emitter", "noop");
        p.put("druid.indexing.doubleStorage", "double");
        p.put("druid.sql.enable", "true");
        p.put("druid.lookup.enableLookupSyncOnStartup", "false");
        p.put("druid.server.hiddenProperties", "[\"druid.s3.accessKey\",\"druid.s3.secretKey\",\"druid.metadata.storage.connector.password\"]");
        p.put("druid.global.http.numConnections", "8");
        p.put("druid.global.http.eagerInitialization", "false");
        return DruidServer.format(p);
    }

    /** The running coordinator's Derby port (the other processes connect to it). */
    int derbyPort() {
        Integer port = coordinator.derbyPort();
        if (port == null) {
            throw new LocalStackException("druid's coordinator (which runs the Derby metadata store) is not running");
        }
        return port;
    }

    /** The resolved classpath of the Druid processes and ZooKeeper. */
    static String classpath(ArtifactResolver resolver, LocalStackConfig config) {
        return DruidZooKeeper.join(resolver.resolve("druid", Map.of("druid.version", config.druidVersion())));
    }

    /** Druid's log4j2 config: everything to stdout, which the stack appends to {@code logs/<name>.out}. */
    static Path writeLog4j(Path conf) throws IOException {
        Path file = conf.resolve("log4j2.xml");
        Files.writeString(file, ConfigFiles.log4j2ToStdout(Map.of("org.apache.druid.jetty.RequestLog", "warn",
                "org.apache.zookeeper", "warn", "org.apache.kafka", "warn", "org.apache.curator", "warn")));
        return file;
    }
}
