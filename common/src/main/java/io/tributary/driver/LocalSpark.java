package io.tributary.driver;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark session a job runs in. Under spark-submit the cluster's settings win; run locally (no master set)
 * it gets {@code local[*]}, a loopback-only driver and a Hive metastore: the one named by
 * {@code spark.hadoop.hive.metastore.uris} (job conf or {@code --conf}) or {@code -Dtributary.hive.metastore.uris},
 * with the warehouse it uses, else embedded Derby under the work dir (see {@link HiveMetastoreSettings}).
 */
public final class LocalSpark {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSpark.class);

  private LocalSpark() {}

  public static SparkSession session(String appName, Path workDir, Map<String, String> conf) {
    SparkConf sparkConf = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName("tributary-" + appName);
    Optional<String> remoteMetastore = HiveMetastoreSettings.remoteUris(conf, sparkConf);
    if (!sparkConf.contains("spark.master")) {
      builder.master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.catalogImplementation", "hive");
      Map<String, String> metastore;
      if (remoteMetastore.isPresent()) {
        metastore = HiveMetastoreSettings.remote(remoteMetastore.get(),
            HiveMetastoreSettings.configuredWarehouse(conf, sparkConf), HiveMetastoreSettings::warehouseOf);
        LOG.info("Hive metastore {}, warehouse {}", remoteMetastore.get(), metastore.get(HiveMetastoreSettings.WAREHOUSE));
      } else {
        metastore = HiveMetastoreSettings.embedded(workDir);
        System.setProperty("derby.system.home", HiveMetastoreSettings.derbyHome(workDir).toString());
      }
      metastore.forEach(builder::config);
    } else {
      remoteMetastore.ifPresent(uris -> builder.config(HiveMetastoreSettings.URIS, uris));
    }
    // Kafka JAAS settings carry passwords; Spark masks option values whose key matches this in UIs and logs.
    builder.config("spark.redaction.regex", "(?i)secret|password|token|access[.]key|jaas|credential|api[._]?key");
    conf.forEach(builder::config);
    return builder.enableHiveSupport().getOrCreate();
  }
}
