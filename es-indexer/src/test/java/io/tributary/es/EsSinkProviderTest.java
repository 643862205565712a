package io.tributary.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.job.SecretRef;
import io.tributary.job.SinkOptions;
import io.tributary.job.StringOrSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, cross-key rules and the elasticsearch-hadoop settings derived from them; no cluster needed. */
class EsSinkProviderTest {
  private final EsSinkProvider provider = new EsSinkProvider();

  static Map<String, Object> minimal() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("nodes", "https://es1.example:9243,https://es2.example:9243");
    options.put("index", "listings");
    options.put("id_column", "listing_id");
    options.put("version_column", "mutation_id");
    return options;
  }

  @Test
  void crossChecks() {
    Map<String, Object> options = minimal();
    assertEquals(List.of(), provider.crossCheck(SinkOptions.of(options)));
    options.put("username", "tributary");
    options.put("api_key", new SecretRef.FromEnv("ES_API_KEY"));
    options.put("batch_size_entries", 0);
    options.put("index", "Listings");
    options.put("es_options", Map.of("batch.size", new StringOrSecret.Literal("1")));
    options.put("nodes", "https://es1.example:9243,http://es2.example:9200");
    assertEquals(List.of("username and password go together", "use either username/password or api_key, not both",
            "batch_size_entries must be > 0",
            "index must be a lower-case Elasticsearch name without '*', ',' or spaces",
            "es_options keys are elasticsearch-hadoop settings starting with 'es.': batch.size",
            "nodes: mixing http and https is not supported"),
        provider.crossCheck(SinkOptions.of(options)));
  }

  @Test
  void credentialsInTheNodesUrlAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EsSettings.parseNodes("https://user:hunter2@es.example:9243"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void hadoopSettingsWriteThroughTheAliasWithExternalVersions(@TempDir Path dir) throws Exception {
    Path password = dir.resolve("pw");
    Files.writeString(password, "s3cret-value\n");
    Map<String, Object> options = minimal();
    options.put("nodes", "https://es1.example:9243,https://es2.example");
    options.put("username", "tributary");
    options.put("password", new SecretRef.FromFile(password));
    EsSettings settings = EsSettings.from(SinkOptions.of(options));

    Map<String, String> es = EsConnection.hadoopSettings(settings, "listings");
    assertEquals("es1.example:9243,es2.example:9200", es.get("es.nodes"));
    assertEquals("true", es.get("es.nodes.wan.only"));
    assertEquals("true", es.get("es.net.ssl"));
    assertEquals("listings", es.get("es.resource.write"));
    assertEquals("listing_id", es.get("es.mapping.id"));
    assertEquals("mutation_id", es.get("es.mapping.version"));
    assertEquals("external", es.get("es.mapping.version.type"));
    assertEquals("index", es.get("es.write.operation"));
    assertEquals("false", es.get("es.index.auto.create"));
    assertEquals(StaleVersionHandler.NAME, es.get("es.write.rest.error.handlers"));
    assertEquals(StaleVersionHandler.class.getName(), es.get("es.write.rest.error.handler." + StaleVersionHandler.NAME));
    assertEquals("s3cret-value", es.get("es.net.http.auth.pass"), "the secret file's trailing newline is dropped");
    assertFalse(settings.toString().contains("s3cret-value"), "settings print references, not secrets");
    for (String secretKey : List.of("es.net.http.auth.pass", "es.net.http.header.Authorization",
        "es.net.ssl.truststore.pass")) {
      assertTrue(secretKey.matches(EsConnection.SECRET_OPTIONS_REGEX.replace("(?i)", "(?i).*(") + ").*"),
          secretKey + " is redacted in Spark plans");
    }
  }

  @Test
  void missingOrMistypedKeyColumnsFailBeforeAnyWrite() {
    EsSettings settings = EsSettings.forAlias("http://127.0.0.1:1", "listings", "listing_id", "mutation_id");
    org.apache.spark.sql.types.StructType noVersion = new org.apache.spark.sql.types.StructType()
        .add("listing_id", "long").add("title", "string");
    io.tributary.sink.SinkWriteException missing = assertThrows(io.tributary.sink.SinkWriteException.class,
        () -> EsSink.checkColumns(noVersion, settings));
    assertEquals("elasticsearch listings: writing the batch's rows failed: column mutation_id (version_column) is not"
        + " in [listing_id, title]", missing.getMessage());
    io.tributary.sink.SinkWriteException mistyped = assertThrows(io.tributary.sink.SinkWriteException.class,
        () -> EsSink.checkColumns(noVersion.add("mutation_id", "string"), settings));
    assertTrue(mistyped.getMessage().contains("must be an integer type (the mutation id), not string"),
        mistyped.getMessage());
    EsSink.checkColumns(noVersion.add("mutation_id", "long"), settings);
  }
}
