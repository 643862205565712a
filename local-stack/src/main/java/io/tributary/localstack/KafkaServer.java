package io.tributary.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one JVM, {@code kafka.Kafka}) from the
 * {@code org.apache.kafka:kafka_2.13} jars, listening on 127.0.0.1 only. Internal topics have replication factor 1
 * and min ISR 1 so transactions work (Druid reads {@code read_committed}).
 *
 * <p>Optional knobs, set before {@link #start()}: fixed ports, a SASL_PLAINTEXT listener with the PLAIN mechanism
 * ({@link #withSaslPlain(String, String)}) and a SASL_SSL one, TLS plus PLAIN ({@link #withSaslSsl}). Both
 * authenticate the same one user; inter-broker and controller traffic stays on PLAINTEXT.
 */
public final class KafkaServer extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);
    static final String STARTED_LINE = "Kafka Server started";

    private String saslUser;
    private String saslPassword;
    private boolean saslPlaintext;
    private Path sslKeystore;
    private String sslKeystorePassword;
    private String heap = "512m";

    KafkaServer(LocalStackConfig config, ArtifactResolver resolver) {
        super("kafka", config, resolver);
    }

    /** Use this broker (PLAINTEXT) port instead of a free one; 0 = pick. */
    public KafkaServer withBrokerPort(int port) {
        fixPort("broker", port);
        return this;
    }

    /** Use this controller port instead of a free one; 0 = pick. */
    public KafkaServer withControllerPort(int port) {
        fixPort("controller", port);
        return this;
    }

    /** Max heap of the broker JVM, e.g. {@code 512m} (the default). */
    public KafkaServer withHeap(String heap) {
        this.heap = heap;
        return this;
    }

    /**
     * Adds a SASL_PLAINTEXT listener (mechanism PLAIN) with one user, next to the PLAINTEXT one. Clients use
     * {@link #saslBootstrapServers()} and {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=PLAIN} and
     * {@link #saslJaasConfig()}.
     */
    public KafkaServer withSaslPlain(String user, String password) {
        return withSaslPlain(user, password, 0);
    }

    public KafkaServer withSaslPlain(String user, String password, int port) {
        setSaslUser(user, password);
        this.saslPlaintext = true;
        fixPort("sasl", port);
        return this;
    }

    /**
     * Adds a SASL_SSL listener: TLS with the server key and chain in {@code keystore} (PKCS12, e.g.
     * {@link LoopbackTls#serverKeystore()}), then SASL/PLAIN with one user. Clients use
     * {@link #saslSslBootstrapServers()}, {@code security.protocol=SASL_SSL}, a truststore holding the CA, and the
     * same SASL settings as for {@link #withSaslPlain}.
     */
    public KafkaServer withSaslSsl(String user, String password, Path keystore, String keystorePassword) {
        setSaslUser(user, password);
        this.sslKeystore = keystore;
        this.sslKeystorePassword = keystorePassword;
        fixPort("sasl_ssl", 0);
        return this;
    }

    private void setSaslUser(String user, String password) {
        if (saslUser != null && !saslUser.equals(user)) {
            throw new LocalStackException("kafka: both SASL listeners authenticate the same user (" + saslUser
                    + "), not " + user);
        }
        this.saslUser = user;
        this.saslPassword = password;
    }

    /** {@code 127.0.0.1:port} of the PLAINTEXT listener of the running broker. */
    public String bootstrapServers() {
        Integer port = recordedPorts().get("broker");
        if (port == null) {
            throw new LocalStackException("kafka is not running (no state in " + directory() + ")");
        }
        return Processes.LOOPBACK + ":" + port;
    }

    /** {@code 127.0.0.1:port} of the SASL_PLAINTEXT listener, if it was configured. */
    public String saslBootstrapServers() {
        Integer port = recordedPorts().get("sasl");
        if (port == null) {
            throw new LocalStackException("kafka has no SASL listener running (call withSaslPlain before start)");
        }
        return Processes.LOOPBACK + ":" + port;
    }

    /** {@code 127.0.0.1:port} of the SASL_SSL listener, if it was configured. */
    public String saslSslBootstrapServers() {
        Integer port = recordedPorts().get("sasl_ssl");
        if (port == null) {
            throw new LocalStackException("kafka has no SASL_SSL listener running (call withSaslSsl before start)");
        }
        return Processes.LOOPBACK + ":" + port;
    }

    /** The client's {@code sasl.jaas.config} for the configured PLAIN user. */
    public String saslJaasConfig() {
        if (saslUser == null) {
            throw new LocalStackException("no SASL user configured");
        }
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + saslUser
                + "\" password=\"" + saslPassword + "\";";
    }

    @Override
    protected List<String> portRoles() {
        List<String> roles = new ArrayList<>(List.of("broker", "controller"));
        if (saslPlaintext) {
            roles.add("sasl");
        }
        if (sslKeystore != null) {
            roles.add("sasl_ssl");
        }
        return roles;
    }

    @Override
    protected String endpoint(Map<String, Integer> ports) {
        Integer p = ports.get("broker");
        return p == null ? null : Processes.LOOPBACK + ":" + p;
    }

    @Override
    protected String unhealthyReason(Map<String, Integer> ports, long logOffset) {
        Integer p = ports.get("broker");
        if (p == null) {
            return "no broker port recorded";
        }
        if (!Processes.accepts(p)) {
            return "broker port " + p + " does not accept connections";
        }
        if (!Logs.containsAfter(logFile(), logOffset, STARTED_LINE)) {
            return "no '" + STARTED_LINE + "' in the log yet";
        }
        return null;
    }

    @Override
    protected List<String> prepare(Map<String, Integer> ports) throws IOException {
        List<Path> jars = resolver.resolve("kafka", Map.of("kafka.version", config.kafkaVersion()));
        String classpath = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path dir = directory();
        Path config = dir.resolve("config");
        Path data = dir.resolve("data");
        Files.createDirectories(config);
        Files.createDirectories(data);

        Path serverProps = config.resolve("server.properties");
        Files.writeString(serverProps, serverProperties(ports, data));
        Path log4j = config.resolve("log4j.properties");
        Files.writeString(log4j, LOG4J);

        if (!Files.isRegularFile(data.resolve("meta.properties"))) {
            format(classpath, serverProps, log4j);
        }
        // the classpath goes in a java @argfile so that the command line (ps, logs) stays readable
        Path classpathArgs = config.resolve("classpath.args");
        Files.writeString(classpathArgs, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n");
        return new ArrayList<>(List.of(Processes.javaExecutable(), "-Xmx" + heap, "-Xms128m",
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                "-Dlog4j.configuration=" + log4j.toUri(), "-Dkafka.logs.dir=" + logFile().getParent(),
                "-Dtributary.localstack=" + dir, "@" + classpathArgs, "kafka.Kafka", serverProps.toString()));
    }

    private void format(String classpath, Path serverProps, Path log4j) throws IOException {
        String clusterId = clusterId();
        Path formatLog = logFile().getParent().resolve("format.out");
        List<String> cmd = List.of(Processes.javaExecutable(), "-Xmx256m", "-Dlog4j.configuration=" + log4j.toUri(),
                "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", serverProps.toString(),
                "--ignore-formatted");
        LOG.info("formatting kafka log dir (cluster id {})", clusterId);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(formatLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LocalStackException("kafka storage format timed out; log " + formatLog + ":\n" + Logs.tail(formatLog, 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new LocalStackException("interrupted while formatting kafka storage", e);
        }
        if (p.exitValue() != 0) {
            throw new LocalStackException("kafka storage format failed (exit " + p.exitValue() + "); log " + formatLog
                    + ":\n" + Logs.tail(formatLog, 30));
        }
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (as {@code kafka-storage random-uuid}). */
    static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            byte[] b = new byte[16];
            java.nio.ByteBuffer.wrap(b).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private String serverProperties(Map<String, Integer> ports, Path data) {
        Map<String, String> p = new LinkedHashMap<>();
        String lo = Processes.LOOPBACK;
        String listeners = "PLAINTEXT://" + lo + ":" + ports.get("broker") + ",CONTROLLER://" + lo + ":" + ports.get("controller");
        String advertised = "PLAINTEXT://" + lo + ":" + ports.get("broker");
        if (ports.containsKey("sasl")) {
            listeners += ",SASL_PLAINTEXT://" + lo + ":" + ports.get("sasl");
            advertised += ",SASL_PLAINTEXT://" + lo + ":" + ports.get("sasl");
        }
        if (ports.containsKey("sasl_ssl")) {
            listeners += ",SASL_SSL://" + lo + ":" + ports.get("sasl_ssl");
            advertised += ",SASL_SSL://" + lo + ":" + ports.get("sasl_ssl");
        }
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + lo + ":" + ports.get("controller"));
        p.put("listeners", listeners);
        p.put("advertised.listeners", advertised);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map",
                "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL");
        p.put("log.dirs", data.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("delete.topic.enable", "true");
        p.put("log.retention.hours", "168");
        p.put("log.segment.bytes", "67108864");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        if (saslUser != null) {
            p.put("sasl.enabled.mechanisms", "PLAIN");
            String serverJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + saslUser + "\" password=\"" + saslPassword + "\" user_" + saslUser + "=\"" + saslPassword + "\";";
            for (String listener : saslListeners(ports)) {
                p.put("listener.name." + listener + ".sasl.enabled.mechanisms", "PLAIN");
                p.put("listener.name." + listener + ".plain.sasl.jaas.config", serverJaas);
            }
        }
        if (sslKeystore != null) {
            p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.put("listener.name.sasl_ssl.ssl.keystore.location", sslKeystore.toAbsolutePath().toString());
            p.put("listener.name.sasl_ssl.ssl.keystore.password", sslKeystorePassword);
            p.put("listener.name.sasl_ssl.ssl.key.password", sslKeystorePassword);
            // Clients check the certificate's 127.0.0.1 SAN (the default https identification); no client certs.
            p.put("listener.name.sasl_ssl.ssl.client.auth", "none");
        }
        return p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "# written by io.tributary.localstack.KafkaServer\n", "\n"));
    }

    /** The lower-case names of the SASL listeners among {@code ports}' roles ({@code sasl}, {@code sasl_ssl}). */
    private static List<String> saslListeners(Map<String, Integer> ports) {
        List<String> names = new ArrayList<>();
        if (ports.containsKey("sasl")) {
            names.add("sasl_plaintext");
        }
        if (ports.containsKey("sasl_ssl")) {
            names.add("sasl_ssl");
        }
        return names;
    }

    private static final String LOG4J = String.join("\n",
            "log4j.rootLogger=INFO, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "log4j.logger.kafka=INFO",
            "log4j.logger.org.apache.kafka=INFO",
            "log4j.logger.state.change.logger=WARN",
            "log4j.logger.kafka.request.logger=WARN",
            "log4j.logger.org.apache.kafka.controller=INFO",
            "");
}
