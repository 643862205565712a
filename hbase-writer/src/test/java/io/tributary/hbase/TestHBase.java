package io.tributary.hbase;

import io.tributary.job.Mode;
import io.tributary.job.SinkOptions;
import io.tributary.job.SinkSpec;
import io.tributary.job.StringOrSecret;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.LocalStackConfig;
import io.tributary.sink.BatchContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The real HBase (a local-stack child process, one per test class) and a small local[2] Spark for the tests. */
final class TestHBase {
  private static SparkSession spark;

  private TestHBase() {}

  static LocalStack startHBase(String name) {
    LocalStack stack = stack(name);
    stack.hbase().start();
    return stack;
  }

  /** HBase with its root dir on a one-DataNode HDFS, as deployed in production. */
  static LocalStack startHBaseOnHdfs(String name) {
    LocalStack stack = stack(name);
    stack.hbase().onHdfs().start();
    return stack;
  }

  /** Sink options for {@link #startHBaseOnHdfs}: HFiles staged on its HDFS, one replica per block. */
  static Map<String, Object> onHdfs(LocalStack stack) {
    return Map.of("staging_dir", stack.hbase().hdfsUri() + "/tributary-staging",
        "hbase_options", Map.of("dfs.replication", new StringOrSecret.Literal("1")));
  }

  private static LocalStack stack(String name) {
    String base = System.getProperty("tributary.localstack.workDir", "target/local-stack-it");
    return new LocalStack(LocalStackConfig.builder().workDir(Path.of(base, name)).build()).stopOnJvmExit();
  }

  static synchronized SparkSession spark() {
    if (spark == null) {
      try {
        Path warehouse = Files.createTempDirectory("tributary-hbase-test-warehouse");
        spark = SparkSession.builder()
            .appName("tributary-hbase-tests")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.sql.warehouse.dir", warehouse.toString())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          spark.stop();
          deleteQuietly(warehouse);
        }));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return spark;
  }

  /** A sink entry as the job file would give it; {@code extra} overrides/extends the listing defaults. */
  static HBaseSink sink(String zookeeperQuorum, String table, Map<String, Object> extra) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("table", table);
    options.put("zookeeper_quorum", zookeeperQuorum);
    options.put("row_key_column", "listing_id");
    options.put("column_family", "d");
    options.put("version_column", "mutation_id");
    options.put("delete_column", "operation");
    options.putAll(extra);
    return create(options);
  }

  /** Bulk-load staging under target/, not the shared tmp dir. */
  static final String STAGING = Path.of("target", "hbase-staging").toAbsolutePath().toUri().toString();

  static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException | RuntimeException ignored) {
      // best effort at JVM exit
    }
  }

  /** A sink entry with exactly these options (no listing defaults; staging under target/ unless given). */
  static HBaseSink create(Map<String, Object> given) {
    Map<String, Object> options = new LinkedHashMap<>(given);
    options.putIfAbsent("staging_dir", STAGING);
    HBaseSink.Provider provider = new HBaseSink.Provider();
    SinkSpec spec = new SinkSpec("hbase", "rows", HBaseSinkSpec.TYPE, SinkOptions.of(options));
    var problems = provider.crossCheck(spec.options());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.toString());
    }
    return (HBaseSink) provider.create(spec, null);
  }

  static BatchContext streaming(long batchId) {
    return new BatchContext("test", "hbase", Mode.STREAMING, batchId);
  }

  static BatchContext batch() {
    return new BatchContext("test", "hbase", Mode.BATCH, System.currentTimeMillis());
  }
}
