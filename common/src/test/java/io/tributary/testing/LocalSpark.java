package io.tributary.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One small local Spark session per test JVM, sized for a 2-core machine. */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      try {
        Path warehouse = Files.createTempDirectory("tributary-test-warehouse");
        session = SparkSession.builder()
            .appName("tributary-tests")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.sql.warehouse.dir", warehouse.toString())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
        Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return session;
  }
}
