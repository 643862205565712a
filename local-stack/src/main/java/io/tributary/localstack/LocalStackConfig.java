package io.tributary.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the local stack keeps its state and how long it waits.
 *
 * <ul>
 *   <li>{@code workDir}: one directory per server (config, data, logs, pid/port state). Default
 *       {@code $TRIBUTARY_LOCAL_STACK_DIR}, else {@code ~/.cache/tributary/local-stack}.</li>
 *   <li>{@code cacheDir}: resolved classpaths (the jars themselves stay in the local Maven repository). Default
 *       {@code $TRIBUTARY_CACHE_DIR}, else {@code ~/.cache/tributary}.</li>
 * </ul>
 */
public final class LocalStackConfig {

    private final Path workDir;
    private final Path cacheDir;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final Duration resolveTimeout;
    private final String mvnCommand;
    private final String kafkaVersion;
    private final String elasticsearchVersion;
    private final String hbaseVersion;
    private final String druidVersion;
    private final String hiveVersion;
    private final String hiveHadoopVersion;
    private final boolean standardPorts;

    private LocalStackConfig(Builder b) {
        this.workDir = b.workDir.toAbsolutePath().normalize();
        this.cacheDir = b.cacheDir.toAbsolutePath().normalize();
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
        this.resolveTimeout = b.resolveTimeout;
        this.mvnCommand = b.mvnCommand;
        this.kafkaVersion = b.kafkaVersion;
        this.elasticsearchVersion = b.elasticsearchVersion;
        this.hbaseVersion = b.hbaseVersion;
        this.druidVersion = b.druidVersion;
        this.hiveVersion = b.hiveVersion;
        this.hiveHadoopVersion = b.hiveHadoopVersion;
        this.standardPorts = b.standardPorts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code --add-opens} flags Spark needs on Java 17 (the parent pom's list); Hive's metastore needs them too. */
    static java.util.List<String> java17Opens() {
        return java.util.Arrays.stream(pinnedVersions().getProperty("java17.opens", "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Defaults, with the work dir taken from the system property {@code tributary.localstack.workDir} if set. */
    public static LocalStackConfig defaults() {
        return builder().build();
    }

    public Path workDir() { return workDir; }
    public Path cacheDir() { return cacheDir; }
    public Duration startTimeout() { return startTimeout; }
    public Duration stopTimeout() { return stopTimeout; }
    public Duration resolveTimeout() { return resolveTimeout; }
    public String mvnCommand() { return mvnCommand; }
    public String kafkaVersion() { return kafkaVersion; }
    public String elasticsearchVersion() { return elasticsearchVersion; }
    public String hbaseVersion() { return hbaseVersion; }
    public String druidVersion() { return druidVersion; }
    public String hiveVersion() { return hiveVersion; }
    public String hiveHadoopVersion() { return hiveHadoopVersion; }
    /** Whether every server is fixed on its {@link StandardPorts standard port}; else free ports are picked. */
    public boolean standardPorts() { return standardPorts; }

    static Properties pinnedVersions() {
        Properties p = new Properties();
        try (InputStream in = LocalStackConfig.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties missing from the local-stack jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    public static final class Builder {
        private Path cacheDir = Path.of(Objects.requireNonNullElse(
                firstNonEmpty(System.getProperty("tributary.cacheDir"), System.getenv("TRIBUTARY_CACHE_DIR")),
                home().resolve(".cache/tributary").toString()));
        private Path workDir = Optional.ofNullable(
                firstNonEmpty(System.getProperty("tributary.localstack.workDir"), System.getenv("TRIBUTARY_LOCAL_STACK_DIR")))
                .map(Path::of).orElse(null); // null: <cacheDir>/local-stack
        private Duration startTimeout = Duration.ofSeconds(180);
        private Duration stopTimeout = Duration.ofSeconds(45);
        private Duration resolveTimeout = Duration.ofMinutes(20);
        private String mvnCommand = Objects.requireNonNullElse(
                firstNonEmpty(System.getProperty("tributary.mvn"), System.getenv("TRIBUTARY_MVN")), "mvn");
        private final Properties versions = pinnedVersions();
        private String kafkaVersion = versions.getProperty("kafka.version");
        private String elasticsearchVersion = versions.getProperty("elasticsearch.version");
        private String hbaseVersion = versions.getProperty("hbase.version");
        private String druidVersion = versions.getProperty("druid.version");
        private String hiveVersion = versions.getProperty("hive.version");
        private String hiveHadoopVersion = versions.getProperty("hive.hadoop.version");
        private boolean standardPorts = Boolean.parseBoolean(System.getProperty("tributary.localstack.standardPorts"));

        public Builder workDir(Path dir) { this.workDir = dir; return this; }
        public Builder cacheDir(Path dir) { this.cacheDir = dir; return this; }
        public Builder startTimeout(Duration d) { this.startTimeout = d; return this; }
        public Builder stopTimeout(Duration d) { this.stopTimeout = d; return this; }
        public Builder resolveTimeout(Duration d) { this.resolveTimeout = d; return this; }
        public Builder mvnCommand(String mvn) { this.mvnCommand = mvn; return this; }
        public Builder kafkaVersion(String v) { this.kafkaVersion = v; return this; }
        public Builder elasticsearchVersion(String v) { this.elasticsearchVersion = v; return this; }
        public Builder hbaseVersion(String v) { this.hbaseVersion = v; return this; }
        public Builder druidVersion(String v) { this.druidVersion = v; return this; }
        public Builder hiveVersion(String v) { this.hiveVersion = v; return this; }
        public Builder hiveHadoopVersion(String v) { this.hiveHadoopVersion = v; return this; }
        /** Fix every server on its standard port (default: {@code -Dtributary.localstack.standardPorts}, else false). */
        public Builder standardPorts(boolean on) { this.standardPorts = on; return this; }

        public LocalStackConfig build() {
            if (workDir == null) {
                workDir = cacheDir.resolve("local-stack");
            }
            return new LocalStackConfig(this);
        }
    }
}
