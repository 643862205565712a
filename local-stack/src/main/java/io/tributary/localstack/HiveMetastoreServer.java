package io.tributary.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The standalone Hive metastore Thrift service (Hive 2.3, what Spark 3.5's built-in Hive client speaks) as a child
 * JVM, bound to 127.0.0.1. Its metadata is in embedded Derby and its warehouse a {@code file:} directory, both under
 * its directory of the work dir, so tables written through it are plain local files. Spark jobs use it with
 * {@link #sparkConf()}, e.g. {@code --conf spark.hadoop.hive.metastore.uris=thrift://127.0.0.1:9083}.
 *
 * <p>Healthy once the port accepts connections and the service answers {@code get_all_databases} with the
 * {@code default} database (which it creates, with the Derby schema, before it opens the port).
 */
public final class HiveMetastoreServer extends ManagedServer {

    static final String NAME = "hive-metastore";
    static final String LAUNCHER_PACKAGE = "io.tributary.localstack.hivelauncher";
    static final String LAUNCHER_CLASS = "LoopbackMetaStore";

    private String heap = "256m";

    HiveMetastoreServer(LocalStackConfig config, ArtifactResolver resolver) {
        super(NAME, config, resolver);
    }

    /** The Thrift port ({@code hive.metastore.port}); 0 = pick a free one. */
    public HiveMetastoreServer withPort(int port) {
        fixPort("thrift", port);
        return this;
    }

    /** Max heap of the metastore JVM, e.g. {@code 256m} (the default). */
    public HiveMetastoreServer withHeap(String heap) {
        this.heap = heap;
        return this;
    }

    /** {@code thrift://127.0.0.1:port} of the running metastore: the value of {@code hive.metastore.uris}. */
    public String uri() {
        Integer port = recordedPorts().get("thrift");
        if (port == null) {
            throw new LocalStackException(NAME + " is not running (no state in " + directory() + ")");
        }
        return thriftUri(port);
    }

    /** Where managed tables go ({@code hive.metastore.warehouse.dir}), on the local file system. */
    public Path warehouseDir() {
        return directory().resolve("data").resolve("warehouse");
    }

    /**
     * What a Spark session needs to use this metastore: {@code spark.hadoop.hive.metastore.uris} and a
     * {@code spark.sql.warehouse.dir} equal to the metastore's, so databases Spark creates land next to its tables.
     */
    public Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.hive.metastore.uris", uri());
        conf.put("spark.sql.warehouse.dir", warehouseDir().toUri().toString());
        return conf;
    }

    private static String thriftUri(int port) {
        return "thrift://" + Processes.LOOPBACK + ":" + port;
    }

    @Override
    protected List<String> portRoles() {
        return List.of("thrift");
    }

    @Override
    protected String endpoint(Map<String, Integer> ports) {
        Integer p = ports.get("thrift");
        return p == null ? null : thriftUri(p);
    }

    @Override
    protected String unhealthyReason(Map<String, Integer> ports, long logOffset) {
        Integer p = ports.get("thrift");
        if (p == null) {
            return "no thrift port recorded";
        }
        if (!Processes.accepts(p)) {
            return "thrift port " + p + " does not accept connections";
        }
        try {
            List<String> databases = MetastoreProbe.databases(p);
            return databases.contains("default") ? null : "get_all_databases lists no default database: " + databases;
        } catch (IOException e) {
            return "get_all_databases: " + e.getMessage();
        }
    }

    @Override
    protected List<String> prepare(Map<String, Integer> ports) throws IOException {
        List<Path> jars = resolver.resolve(NAME,
                Map.of("hive.version", config.hiveVersion(), "hadoop.version", config.hiveHadoopVersion()));
        Path dir = directory();
        Path conf = dir.resolve("config");
        Path data = dir.resolve("data");
        Files.createDirectories(conf);
        Files.createDirectories(warehouseDir());
        Files.writeString(conf.resolve("hive-site.xml"), siteXml(data, warehouseDir(), ports.get("thrift")));
        Path log4j = conf.resolve("log4j2.xml");
        // Hive logs every call (the health check's too) and every worker's store at info
        Files.writeString(log4j, ConfigFiles.log4j2ToStdout(Map.of("DataNucleus", "warn", "org.apache.hadoop", "warn")));
        Path launcher = dir.resolve("lib").resolve("tributary-hive-launcher.jar");
        PackagedClasses.writeJar(LAUNCHER_PACKAGE, LAUNCHER_CLASS, launcher);
        // the conf dir first: HiveConf finds hive-site.xml on the classpath
        String classpath = conf + File.pathSeparator + launcher + File.pathSeparator
                + jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path classpathArgs = conf.resolve("classpath.args");
        Files.writeString(classpathArgs, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n");
        List<String> cmd = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xmx" + heap, "-Xms64m",
                "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true",
                "-Dderby.system.home=" + data, "-Dlog4j.configurationFile=" + log4j.toUri(),
                "-Dtributary.localstack=" + dir));
        cmd.addAll(LocalStackConfig.java17Opens()); // Hive 2.3 and DataNucleus reflect into the JDK as Spark's Hive does
        cmd.addAll(List.of("@" + classpathArgs, LAUNCHER_PACKAGE + "." + LAUNCHER_CLASS, Processes.LOOPBACK,
                ports.get("thrift").toString()));
        return cmd;
    }

    static String siteXml(Path data, Path warehouse, int port) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + data.resolve("metastore_db") + ";create=true");
        p.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
        // a fresh Derby gets its schema from DataNucleus; no schematool step
        p.put("datanucleus.schema.autoCreateAll", "true");
        p.put("hive.metastore.schema.verification", "false");
        p.put("hive.metastore.warehouse.dir", warehouse.toUri().toString());
        p.put("hive.metastore.port", Integer.toString(port));
        p.put("hive.metastore.server.min.threads", "4");
        p.put("hive.metastore.server.max.threads", "64");
        return ConfigFiles.hadoopXml(p, HiveMetastoreServer.class);
    }
}
