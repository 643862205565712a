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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Elasticsearch from the integ-test zip on Maven Central
 * ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip}), unpacked into the work dir,
 * with security disabled (or on, {@link #withSecurity}), HTTP and transport on 127.0.0.1, a 512 MB heap, and
 * Tributary's own plugin ({@code GET /} and the security index's analysis components, which that zip lacks).
 *
 * <p>Elasticsearch refuses to run as root. When this JVM is root it runs the server as uid/gid 65534 (nobody) via
 * {@code setpriv}, keeping only the file-access capability ({@code CAP_DAC_OVERRIDE}, which container runtimes grant by default)
 * as an ambient capability so it can use a work dir under {@code /root}. Otherwise it runs as the current user.
 */
public final class ElasticsearchServer extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchServer.class);
    static final String PLUGIN_NAME = "tributary-local-stack";
    /** What the plugin was called when it only served {@code GET /}: removed from homes unpacked back then. */
    static final String FORMER_PLUGIN_NAME = "tributary-root";
    static final String PLUGIN_PACKAGE = "io.tributary.localstack.esplugin";
    public static final String CLUSTER_NAME = "tributary-local";

    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String heap = "512m";
    private int unprivilegedUid = 65534;
    private ElasticsearchSecurity security; // null: security off

    ElasticsearchServer(LocalStackConfig config, ArtifactResolver resolver) {
        super("elasticsearch", config, resolver);
    }

    /** Use this HTTP port instead of a free one; 0 = pick. */
    public ElasticsearchServer withHttpPort(int port) {
        fixPort("http", port);
        return this;
    }

    public ElasticsearchServer withTransportPort(int port) {
        fixPort("transport", port);
        return this;
    }

    /** Heap of the server JVM (-Xms and -Xmx), e.g. {@code 512m} (the default). */
    public ElasticsearchServer withHeap(String heap) {
        this.heap = heap;
        return this;
    }

    /** The uid and gid the server runs as when this JVM is root (default 65534, nobody). */
    public ElasticsearchServer withUnprivilegedUid(int uid) {
        this.unprivilegedUid = uid;
        return this;
    }

    /**
     * Turns on Elasticsearch's own security (see {@link ElasticsearchSecurity}): HTTPS with {@code tls}'s key and
     * chain, one file-realm superuser, API keys. The health check then authenticates as that user. This is a setting
     * of this object, like the others: a {@code LocalStack} in another JVM must be given it too to see the server
     * healthy.
     */
    public ElasticsearchServer withSecurity(LoopbackTls tls, String superuser, String superuserPassword) {
        this.security = new ElasticsearchSecurity(tls, superuser, superuserPassword);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(tls.clientSslContext())
                .build();
        return this;
    }

    /** The security set with {@link #withSecurity}, if any. */
    public Optional<ElasticsearchSecurity> security() {
        return Optional.ofNullable(security);
    }

    /** {@code http://127.0.0.1:port} of the running server ({@code https://} with security on). */
    public String httpUrl() {
        Integer port = recordedPorts().get("http");
        if (port == null) {
            throw new LocalStackException("elasticsearch is not running (no state in " + directory() + ")");
        }
        return url(port);
    }

    private String url(int port) {
        return (security == null ? "http" : "https") + "://" + Processes.LOOPBACK + ":" + port;
    }

    /** The HTTP port of the running server. */
    public int httpPort() {
        return URI.create(httpUrl()).getPort();
    }

    @Override
    protected List<String> portRoles() {
        return List.of("http", "transport");
    }

    @Override
    protected String endpoint(Map<String, Integer> ports) {
        Integer p = ports.get("http");
        return p == null ? null : url(p);
    }

    @Override
    protected String unhealthyReason(Map<String, Integer> ports, long logOffset) {
        Integer p = ports.get("http");
        if (p == null) {
            return "no http port recorded";
        }
        if (!Processes.accepts(p)) {
            return "http port " + p + " does not accept connections";
        }
        String base = url(p);
        try {
            HttpResponse<String> root = get(base + "/");
            if (root.statusCode() != 200 || !root.body().contains("\"number\"")) {
                return "GET / answered " + root.statusCode() + ": " + abbreviate(root.body());
            }
            HttpResponse<String> health = get(base + "/_cluster/health?wait_for_status=yellow&timeout=1s");
            if (health.statusCode() != 200 || !(health.body().contains("\"status\":\"green\"")
                    || health.body().contains("\"status\":\"yellow\""))) {
                return "cluster health " + health.statusCode() + ": " + abbreviate(health.body());
            }
            return null;
        } catch (IOException e) {
            return "http " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        if (security != null) {
            request.header("Authorization", security.basicAuthorization());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    @Override
    protected List<String> prepare(Map<String, Integer> ports) throws IOException {
        List<Path> files = resolver.resolve("elasticsearch", Map.of("elasticsearch.version", config.elasticsearchVersion()));
        Path zip = files.stream().filter(f -> f.toString().endsWith(".zip")).findFirst()
                .orElseThrow(() -> new LocalStackException("no elasticsearch zip among " + files));
        Path dir = runtimeDirectory();
        if (!dir.equals(directory())) {
            LOG.info("{} is not reachable by uid {}; elasticsearch's home, config and data go to {}", directory(),
                    unprivilegedUid, dir);
        }
        Path home = unpack(zip, dir.resolve("home"));
        installPlugin(home);

        Path conf = dir.resolve("config");
        Files.createDirectories(conf);
        FileTrees.copyRecursively(home.resolve("config"), conf);
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Files.createDirectories(tmp);

        Files.writeString(conf.resolve("elasticsearch.yml"), String.join("\n",
                "# written by io.tributary.localstack.ElasticsearchServer",
                "cluster.name: " + CLUSTER_NAME,
                "node.name: tributary-local-es",
                "network.host: " + Processes.LOOPBACK,
                "http.port: " + ports.get("http"),
                "transport.port: " + ports.get("transport"),
                "discovery.type: single-node",
                "path.data: " + yaml(data),
                "path.logs: " + yaml(logs),
                securitySettings(conf),
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false",
                ""));

        List<String> cmd = new ArrayList<>();
        if (Processes.isRoot()) {
            String caps = "+dac_override"; // covers reading, writing and searching any file or dir
            cmd.addAll(List.of("setpriv", "--reuid=" + unprivilegedUid, "--regid=" + unprivilegedUid, "--clear-groups",
                    "--inh-caps=" + caps, "--ambient-caps=" + caps));
        }
        cmd.add(home.resolve("bin").resolve("elasticsearch").toString());
        return cmd;
    }

    @Override
    protected Map<String, String> environment(Map<String, Integer> ports) {
        Map<String, String> env = new HashMap<>();
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        Path dir = runtimeDirectory();
        env.put("ES_PATH_CONF", dir.resolve("config").toString());
        env.put("ES_TMPDIR", dir.resolve("tmp").toString());
        env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap + " -Dtributary.localstack=" + directory());
        env.put("HOME", dir.toString());
        return env;
    }

    /**
     * Where Elasticsearch's home, config, data, logs and tmp live: this server's directory, unless this JVM is root
     * and the unprivileged user cannot reach it by plain permissions (a work dir under {@code /root}, mode 700). The
     * JDK checks file access with {@code access(2)}, which ignores capabilities for a non-root real uid, so then they
     * go to {@code /var/tmp/tributary-es-<hash of the work dir>} instead; the state file and the server's stdout
     * log stay in {@link #directory()}.
     */
    public Path runtimeDirectory() {
        if (!Processes.isRoot() || reachableByOthers(directory())) {
            return directory();
        }
        String hash = Integer.toHexString(directory().toString().hashCode());
        return Path.of(System.getProperty("tributary.localstack.esRuntimeBase", "/var/tmp"), "tributary-es-" + hash);
    }

    private static boolean reachableByOthers(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue; // created later by us with mode 755
            }
            try {
                if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected Path workingDirectory() {
        return runtimeDirectory();
    }

    @Override
    public synchronized void clean() {
        Path runtime = runtimeDirectory();
        super.clean();
        FileTrees.deleteRecursively(runtime);
    }

    private Path unpack(Path zip, Path target) throws IOException {
        Path home = target.resolve("elasticsearch-" + config.elasticsearchVersion());
        Path marker = target.resolve(".unpacked-" + zip.getFileName());
        if (Files.isRegularFile(marker) && Files.isDirectory(home)) {
            return home;
        }
        FileTrees.deleteRecursively(target);
        long t0 = System.nanoTime();
        FileTrees.unzip(zip, target);
        if (!Files.isDirectory(home)) {
            throw new LocalStackException("unexpected layout of " + zip + ": no " + home.getFileName() + " inside");
        }
        Files.writeString(marker, zip.toString());
        LOG.info("unpacked {} into {} in {} ms", zip.getFileName(), target, (System.nanoTime() - t0) / 1_000_000);
        return home;
    }

    /** The security lines of {@code elasticsearch.yml}; with security on, also its files in {@code conf}. */
    private String securitySettings(Path conf) throws IOException {
        if (security == null) {
            return "xpack.security.enabled: false";
        }
        security.writeConfig(conf);
        return String.join("\n", security.settings());
    }

    /** Writes our plugin (the {@code esplugin} classes plus a descriptor) into {@code home/plugins}. */
    void installPlugin(Path home) throws IOException {
        FileTrees.deleteRecursively(home.resolve("plugins").resolve(FORMER_PLUGIN_NAME)); // both would serve GET /
        Path pluginDir = home.resolve("plugins").resolve(PLUGIN_NAME);
        FileTrees.deleteRecursively(pluginDir);
        PackagedClasses.writeJar(PLUGIN_PACKAGE, "LocalStackPlugin", pluginDir.resolve(PLUGIN_NAME + ".jar"));
        Files.writeString(pluginDir.resolve("plugin-descriptor.properties"), String.join("\n",
                "description=Tributary's local stack: GET / (name, cluster, version, tagline) and the analysis"
                        + " components the security index needs (pattern_capture, unique, uax_url_email)",
                "version=" + config.elasticsearchVersion(),
                "name=" + PLUGIN_NAME,
                "classname=io.tributary.localstack.esplugin.LocalStackPlugin",
                "java.version=17",
                "elasticsearch.version=" + config.elasticsearchVersion(),
                ""));
    }

    private static String yaml(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
