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
 * A standalone HBase ({@code hbase.cluster.distributed=false}: one JVM running the HMaster, an in-process
 * RegionServer and a MiniZooKeeperCluster) from the {@code org.apache.hbase:hbase-server} jars, with its root dir
 * on the local file system under the work dir, or ({@link #onHdfs()}) on a one-DataNode HDFS that the same JVM runs
 * first. Every port listens on 127.0.0.1; HBase's web UIs are off (HDFS's listen on ephemeral loopback ports).
 *
 * <p>A child process rather than a mini cluster in the test JVM: HBase's Hadoop 3.3.5, Guava 27, Jetty 9.4 and
 * protobuf never meet Spark's.
 */
public final class HBaseServer extends ManagedServer {

  static final String STARTED_LINE = "Master has completed initialization";
  static final String LAUNCHER_PACKAGE = "io.tributary.localstack.hbaselauncher";
  static final String LAUNCHER_CLASS = "HBaseOnHdfs";

  private String heap = "512m";
  private boolean onHdfs;

  HBaseServer(LocalStackConfig config, ArtifactResolver resolver) {
    super("hbase", config, resolver);
  }

  /** ZooKeeper client port (what clients set as {@code hbase.zookeeper.property.clientPort}); 0 = pick. */
  public HBaseServer withZookeeperPort(int port) {
    fixPort("zookeeper", port);
    return this;
  }

  public HBaseServer withMasterPort(int port) {
    fixPort("master", port);
    return this;
  }

  public HBaseServer withRegionServerPort(int port) {
    fixPort("regionserver", port);
    return this;
  }

  /** Max heap of the HBase JVM, e.g. {@code 512m} (the default). */
  public HBaseServer withHeap(String heap) {
    this.heap = heap;
    return this;
  }

  /**
   * Root dir, write-ahead log and bulk-load staging on HDFS (a NameNode and one DataNode in HBase's JVM), as HBase
   * is deployed in production, instead of the local file system. Costs a few seconds of start-up and ~2 threads'
   * worth of heartbeats; what it changes is in {@code hbaselauncher.HBaseOnHdfs}.
   */
  public HBaseServer onHdfs() {
    this.onHdfs = true;
    return this;
  }

  /** NameNode port, 0 = pick; only with {@link #onHdfs()}. */
  public HBaseServer withNameNodePort(int port) {
    fixPort("namenode", port);
    return this;
  }

  /**
   * {@code hdfs://127.0.0.1:port}: the file system of HBase's root dir when {@link #onHdfs()}; bulk-load staging
   * dirs go there (clients need {@code dfs.replication=1}: there is one DataNode).
   */
  public String hdfsUri() {
    Integer port = recordedPorts().get("namenode");
    if (port == null) {
      throw new LocalStackException("hbase is not running on HDFS (no namenode port in " + directory() + ")");
    }
    return "hdfs://" + Processes.LOOPBACK + ":" + port;
  }

  /** {@code 127.0.0.1:port}: the ZooKeeper quorum clients connect to. */
  public String zookeeperQuorum() {
    return "127.0.0.1:" + zookeeperPort();
  }

  public int zookeeperPort() {
    Integer port = recordedPorts().get("zookeeper");
    if (port == null) {
      throw new LocalStackException("hbase is not running (no state in " + directory() + ")");
    }
    return port;
  }

  /**
   * The HBase root dir on the local file system (without {@link #onHdfs()}); bulk-load staging dirs must be on the
   * same file system.
   */
  public Path rootDir() {
    return directory().resolve("data").resolve("hbase");
  }

  @Override
  protected List<String> portRoles() {
    return onHdfs ? List.of("zookeeper", "master", "regionserver", "namenode")
        : List.of("zookeeper", "master", "regionserver");
  }

  @Override
  protected String endpoint(Map<String, Integer> ports) {
    Integer p = ports.get("zookeeper");
    return p == null ? null : Processes.LOOPBACK + ":" + p;
  }

  @Override
  protected String unhealthyReason(Map<String, Integer> ports, long logOffset) {
    for (String role : portRoles()) {
      Integer p = ports.get(role);
      if (p == null) {
        return "no " + role + " port recorded";
      }
      if (!Processes.accepts(p)) {
        return role + " port " + p + " does not accept connections";
      }
    }
    // meta and the namespace table are online only after this line; before it, clients block or fail
    if (!Logs.containsAfter(logFile(), logOffset, STARTED_LINE)) {
      return "no '" + STARTED_LINE + "' in the log yet";
    }
    return null;
  }

  @Override
  protected List<String> prepare(Map<String, Integer> ports) throws IOException {
    List<Path> jars = resolver.resolve("hbase", Map.of("hbase.version", config.hbaseVersion()));
    Path dir = directory();
    Path conf = dir.resolve("config");
    // ZooKeeper's znodes name the root dir's files: a stack switched between the two file systems starts afresh
    Path data = dir.resolve(onHdfs ? "data-on-hdfs" : "data");
    Files.createDirectories(conf);
    Files.createDirectories(data);

    String rootDir = data.resolve("hbase").toUri().toString();
    String launcherJar = "";
    String mainClass = "org.apache.hadoop.hbase.master.HMaster";
    if (onHdfs) {
      rootDir = "hdfs://" + Processes.LOOPBACK + ":" + ports.get("namenode") + "/hbase";
      Files.writeString(conf.resolve("hdfs-site.xml"), hdfsSiteXml(ports, data.resolve("hdfs")));
      Path launcher = dir.resolve("lib").resolve("tributary-hbase-launcher.jar");
      PackagedClasses.writeJar(LAUNCHER_PACKAGE, LAUNCHER_CLASS, launcher);
      launcherJar = launcher + File.pathSeparator;
      mainClass = LAUNCHER_PACKAGE + "." + LAUNCHER_CLASS;
    }
    Files.writeString(conf.resolve("hbase-site.xml"), siteXml(ports, data, rootDir));
    Path log4j = conf.resolve("log4j.properties");
    Files.writeString(log4j, LOG4J);
    // the conf dir first: HBaseConfiguration finds hbase-site.xml on the classpath
    String classpath = conf + File.pathSeparator + launcherJar
        + jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    Path classpathArgs = conf.resolve("classpath.args");
    Files.writeString(classpathArgs, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n");
    List<String> cmd = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xmx" + heap, "-Xms128m",
        "-XX:+UseG1GC", "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true",
        "-Dlog4j.configuration=" + log4j.toUri(), "-Dtributary.localstack=" + dir));
    cmd.addAll(JAVA17_OPENS); // what bin/hbase adds on Java 17 (netty, off-heap buffers)
    cmd.addAll(List.of("@" + classpathArgs, mainClass, "start"));
    return cmd;
  }

  /** The NameNode and DataNode, all on loopback; dirs under {@code hdfsDir}, formatted on first start. */
  private static String hdfsSiteXml(Map<String, Integer> ports, Path hdfsDir) {
    Path nameDir = hdfsDir.resolve("name");
    Map<String, String> p = new LinkedHashMap<>();
    p.put("fs.defaultFS", "hdfs://" + Processes.LOOPBACK + ":" + ports.get("namenode"));
    p.put("dfs.namenode.rpc-address", Processes.LOOPBACK + ":" + ports.get("namenode"));
    p.put("dfs.namenode.name.dir", nameDir.toUri().toString());
    p.put("dfs.datanode.data.dir", hdfsDir.resolve("data").toUri().toString());
    // read by the launcher: format a NameNode that has no name dir yet, never again (HBase's data lives there)
    p.put("tributary.hdfs.format", Boolean.toString(!Files.isDirectory(nameDir.resolve("current"))));
    String ephemeral = Processes.LOOPBACK + ":0";
    for (String key : List.of("dfs.namenode.http-address", "dfs.datanode.address", "dfs.datanode.http.address",
        "dfs.datanode.ipc.address")) {
      p.put(key, ephemeral);
    }
    p.put("dfs.replication", "1");
    p.put("dfs.permissions.enabled", "false");
    // one DataNode: a restarted NameNode would otherwise wait 30 s in safe mode after its block report
    p.put("dfs.namenode.safemode.extension", "0");
    return ConfigFiles.hadoopXml(p, HBaseServer.class);
  }

  private static String siteXml(Map<String, Integer> ports, Path data, String rootDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("hbase.cluster.distributed", "false");
    p.put("hbase.rootdir", rootDir);
    p.put("hbase.tmp.dir", data.resolve("tmp").toString());
    p.put("hbase.zookeeper.property.dataDir", data.resolve("zookeeper").toString());
    p.put("hbase.zookeeper.quorum", Processes.LOOPBACK);
    p.put("hbase.zookeeper.property.clientPort", ports.get("zookeeper").toString());
    p.put("hbase.master.port", ports.get("master").toString());
    p.put("hbase.regionserver.port", ports.get("regionserver").toString());
    p.put("hbase.master.ipc.address", Processes.LOOPBACK);
    p.put("hbase.regionserver.ipc.address", Processes.LOOPBACK);
    p.put("hbase.master.info.port", "-1");
    p.put("hbase.regionserver.info.port", "-1");
    p.put("hbase.localcluster.assign.random.ports", "false");
    if (!rootDir.startsWith("hdfs:")) {
      // the local file system has no hflush/hsync capability; standalone mode is for tests and demos only
      p.put("hbase.unsafe.stream.capability.enforce", "false");
    }
    p.put("hbase.regionserver.handler.count", "10");
    return ConfigFiles.hadoopXml(p, HBaseServer.class);
  }

  private static final List<String> JAVA17_OPENS = List.of(
      "-Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");

  private static final String LOG4J = String.join("\n",
      "log4j.rootLogger=INFO, stdout",
      "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
      "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
      "log4j.appender.stdout.layout.ConversionPattern=%d %p [%t] %c{2}: %m%n",
      "log4j.logger.org.apache.zookeeper=WARN",
      "log4j.logger.org.apache.hadoop=WARN",
      "log4j.logger.org.apache.hadoop.hbase=INFO",
      "log4j.logger.org.apache.hadoop.hbase.metrics=WARN",
      "");
}
