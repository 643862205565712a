package io.tributary.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Embedded Derby unless a metastore is named; a named one brings its warehouse. No Spark session here. */
@Timeout(60)
class HiveMetastoreSettingsTest {
  private static final String URIS = "thrift://127.0.0.1:9083";

  private static SparkConf emptySparkConf() {
    return new SparkConf(false);
  }

  @Test
  void nothingConfiguredMeansEmbeddedDerbyUnderTheWorkDir() {
    assertEquals(Optional.empty(), HiveMetastoreSettings.remoteUris(Map.of(), emptySparkConf()));
    Path work = Path.of("/tmp/job-work");
    Map<String, String> embedded = HiveMetastoreSettings.embedded(work);
    assertEquals("/tmp/job-work/hive/warehouse", embedded.get(HiveMetastoreSettings.WAREHOUSE));
    assertEquals("jdbc:derby:;databaseName=/tmp/job-work/hive/metastore_db;create=true",
        embedded.get(HiveMetastoreSettings.DERBY_URL));
  }

  @Test
  void aMetastoreIsNamedByConfSparkConfOrSystemProperty() {
    assertEquals(Optional.of(URIS), HiveMetastoreSettings.remoteUris(Map.of(HiveMetastoreSettings.URIS, URIS), emptySparkConf()));
    assertEquals(Optional.of(URIS), HiveMetastoreSettings.remoteUris(Map.of(),
        emptySparkConf().set(HiveMetastoreSettings.URIS, URIS)));
    System.setProperty(HiveMetastoreSettings.URIS_PROPERTY, URIS);
    try {
      assertEquals(Optional.of(URIS), HiveMetastoreSettings.remoteUris(Map.of(), emptySparkConf()));
      assertEquals(Optional.of("thrift://other:9083"), HiveMetastoreSettings.remoteUris(
          Map.of(HiveMetastoreSettings.URIS, "thrift://other:9083"), emptySparkConf()), "--conf wins over the property");
    } finally {
      System.clearProperty(HiveMetastoreSettings.URIS_PROPERTY);
    }
  }

  @Test
  void aRemoteMetastoreUsesItsOwnWarehouseUnlessOneIsConfigured() {
    Map<String, String> asked = HiveMetastoreSettings.remote(URIS, Optional.empty(),
        uris -> "file:/stack/hive-metastore/data/warehouse");
    assertEquals(Map.of(HiveMetastoreSettings.URIS, URIS,
        HiveMetastoreSettings.WAREHOUSE, "file:/stack/hive-metastore/data/warehouse"), asked);
    assertFalse(asked.containsKey(HiveMetastoreSettings.DERBY_URL), "no embedded Derby with a remote metastore");

    Map<String, String> configured = HiveMetastoreSettings.remote(URIS, Optional.of("file:/elsewhere"), uris -> {
      throw new AssertionError("the metastore is not asked when the warehouse is configured");
    });
    assertEquals("file:/elsewhere", configured.get(HiveMetastoreSettings.WAREHOUSE));
    assertEquals(Optional.of("file:/elsewhere"), HiveMetastoreSettings.configuredWarehouse(
        Map.of(HiveMetastoreSettings.WAREHOUSE, "file:/elsewhere"), emptySparkConf()));
  }

  @Test
  void anUnreachableMetastoreFailsSayingWhatToDo() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String uris = "thrift://127.0.0.1:" + closedPort;
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> HiveMetastoreSettings.warehouseOf(uris));
    assertTrue(e.getMessage().startsWith("cannot reach the Hive metastore at " + uris), e.getMessage());
    assertTrue(e.getMessage().contains("local-stack start --only hive-metastore"), e.getMessage());
  }
}
