package io.tributary.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark session per test JVM (Spark allows one context), built the way jobs build theirs: local, with a
 * Hive metastore in embedded Derby under a temp dir.
 */
public final class LocalSpark {
  private static SparkSession session;
  private static Path workDir;

  private LocalSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      try {
        workDir = Files.createTempDirectory("tributary-test-spark");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      session = io.tributary.driver.LocalSpark.session("tests", workDir,
          Map.of("spark.master", "local[2]", "spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        session.stop();
        TempDirs.delete(workDir);
      }));
    }
    return session;
  }

  public static Path workDir() {
    get();
    return workDir;
  }
}
