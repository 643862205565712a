package io.tributary.driver;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.spark.SparkConf;

/**
 * Which Hive metastore a local run uses. A remote one when {@value #URIS} is given (in the job's conf, e.g.
 * {@code --conf}, or in Spark's) or the system property {@value #URIS_PROPERTY} is set; otherwise embedded Derby
 * under the work dir.
 *
 * <p>With a remote metastore, Spark's warehouse ({@value #WAREHOUSE}) must be the metastore's: Spark puts the
 * databases it creates under its own warehouse dir, while tables of an existing database go where the metastore
 * says. Unless the warehouse is configured too, it is the location of the metastore's {@code default} database,
 * which Hive keeps at its warehouse root.
 */
final class HiveMetastoreSettings {
  static final String URIS = "spark.hadoop.hive.metastore.uris";
  static final String URIS_PROPERTY = "tributary.hive.metastore.uris";
  static final String WAREHOUSE = "spark.sql.warehouse.dir";
  static final String DERBY_URL = "spark.hadoop.javax.jdo.option.ConnectionURL";

  private HiveMetastoreSettings() {}

  /** The remote metastore's URIs, when one is configured. */
  static Optional<String> remoteUris(Map<String, String> conf, SparkConf sparkConf) {
    return firstNonBlank(conf.get(URIS), sparkConf.get(URIS, null), System.getProperty(URIS_PROPERTY));
  }

  /** A warehouse dir given explicitly, in the job's conf or Spark's. */
  static Optional<String> configuredWarehouse(Map<String, String> conf, SparkConf sparkConf) {
    return firstNonBlank(conf.get(WAREHOUSE), sparkConf.get(WAREHOUSE, null));
  }

  /** Embedded Derby and the warehouse in {@code workDir/hive}. */
  static Map<String, String> embedded(Path workDir) {
    Path hive = derbyHome(workDir);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(WAREHOUSE, hive.resolve("warehouse").toString());
    settings.put(DERBY_URL, "jdbc:derby:;databaseName=" + hive.resolve("metastore_db") + ";create=true");
    return settings;
  }

  /** Where the embedded metastore's Derby keeps its files (and its {@code derby.log}). */
  static Path derbyHome(Path workDir) {
    return workDir.resolve("hive").toAbsolutePath();
  }

  /**
   * The remote metastore at {@code uris}, with the configured warehouse or else the one {@code warehouseOf}
   * (normally {@link #warehouseOf(String)}) reports for it.
   */
  static Map<String, String> remote(String uris, Optional<String> configuredWarehouse, UnaryOperator<String> warehouseOf) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(URIS, uris);
    settings.put(WAREHOUSE, configuredWarehouse.orElseGet(() -> warehouseOf.apply(uris)));
    return settings;
  }

  /** The warehouse root of the metastore at {@code uris}: its {@code default} database's location. */
  static String warehouseOf(String uris) {
    HiveConf hiveConf = new HiveConf();
    hiveConf.setVar(HiveConf.ConfVars.METASTOREURIS, uris);
    hiveConf.setIntVar(HiveConf.ConfVars.METASTORETHRIFTCONNECTIONRETRIES, 1); // fail in seconds when it is down
    IMetaStoreClient client = null;
    try {
      client = new HiveMetaStoreClient(hiveConf);
      return client.getDatabase("default").getLocationUri();
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach the Hive metastore at " + uris + " (" + e.getMessage() + "). "
          + "Start it (bin/tributary local-stack start --only hive-metastore), or leave " + URIS + " and -D"
          + URIS_PROPERTY + " unset to use an embedded metastore in the work dir", e);
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  private static Optional<String> firstNonBlank(String... values) {
    return Stream.of(values).filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst();
  }
}
