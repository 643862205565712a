package io.tributary.driver;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a job runs in. Under spark-submit the cluster's settings win; run locally (no master set)
 * it gets {@code local[*]}, a Hive metastore in embedded Derby under the work dir, and a loopback-only driver.
 */
public final class LocalSpark {
  private LocalSpark() {}

  public static SparkSession session(String appName, Path workDir, Map<String, String> conf) {
    SparkConf sparkConf = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName("tributary-" + appName);
    if (!sparkConf.contains("spark.master")) {
      Path metastore = workDir.resolve("hive").toAbsolutePath();
      builder.master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.warehouse.dir", metastore.resolve("warehouse").toString())
          .config("spark.hadoop.javax.jdo.option.ConnectionURL",
              "jdbc:derby:;databaseName=" + metastore.resolve("metastore_db") + ";create=true")
          .config("spark.sql.catalogImplementation", "hive");
      System.setProperty("derby.system.home", metastore.toString());
    }
    // Kafka JAAS settings carry passwords; Spark masks option values whose key matches this in UIs and logs.
    builder.config("spark.redaction.regex", "(?i)secret|password|token|access[.]key|jaas|credential|api[._]?key");
    conf.forEach(builder::config);
    return builder.enableHiveSupport().getOrCreate();
  }
}
