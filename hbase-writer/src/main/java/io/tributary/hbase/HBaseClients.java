package io.tributary.hbase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * Client configuration and one shared {@link Connection} per cluster per JVM. Connections are heavy (ZooKeeper
 * session, meta cache, thread pools) and thread-safe, so executors reuse one across partitions and micro-batches
 * instead of opening one per task; they close when the JVM exits.
 */
public final class HBaseClients {
  private static final Map<Map<String, String>, Connection> SHARED = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(HBaseClients::closeAll, "hbase-clients-close"));
  }

  private HBaseClients() {}

  /** HBase client settings: defaults, the quorum, then {@code options} verbatim. */
  public static Configuration configuration(String zookeeperQuorum, Map<String, String> options) {
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", zookeeperQuorum);
    // fail a batch in about a minute rather than the default ~20 minutes of retries
    conf.setInt("hbase.client.retries.number", 10);
    options.forEach(conf::set);
    return conf;
  }

  static Configuration configuration(HBaseSinkConfig config) {
    return configuration(config.zookeeperQuorum(), config.hbaseOptions());
  }

  /** The JVM's shared connection for these settings; do not close it. */
  public static Connection shared(String zookeeperQuorum, Map<String, String> options) {
    Map<String, String> key = new java.util.TreeMap<>(options);
    key.put("hbase.zookeeper.quorum", zookeeperQuorum);
    return SHARED.compute(key, (k, existing) -> {
      if (existing != null && !existing.isClosed()) {
        return existing;
      }
      try {
        return ConnectionFactory.createConnection(configuration(zookeeperQuorum, options));
      } catch (IOException e) {
        throw new UncheckedIOException("hbase: cannot connect to ZooKeeper " + zookeeperQuorum, e);
      }
    });
  }

  static Connection shared(HBaseSinkConfig config) {
    return shared(config.zookeeperQuorum(), config.hbaseOptions());
  }

  /** Closes every shared connection (tests, benchmarks, shutdown); the next {@link #shared} reconnects. */
  public static void closeAll() {
    SHARED.values().forEach(c -> {
      try {
        c.close();
      } catch (IOException | RuntimeException ignored) {
        // best effort at JVM exit
      }
    });
    SHARED.clear();
  }
}
