package io.tributary.es;

import static io.tributary.es.EsTestSupport.http;
import static io.tributary.es.EsTestSupport.listing;
import static io.tributary.es.EsTestSupport.ok;
import static io.tributary.es.EsTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.job.Mode;
import io.tributary.sink.BatchContext;
import io.tributary.sink.SinkResult;
import io.tributary.sink.SinkWriteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The streaming write path against a real Elasticsearch 8.19 and a real local[2] Spark. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EsSinkIntegrationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static String url;

  @BeforeAll
  static void start() {
    url = EsTestSupport.elasticsearch();
    EsTestSupport.spark();
  }

  @AfterAll
  static void cleanUp() {
    for (String alias : List.of("ooo", "del", "strict")) {
      EsTestSupport.deleteAll(alias);
    }
  }

  static BatchContext streaming(long batchId) {
    return new BatchContext("test", "es", Mode.STREAMING, batchId);
  }

  static JsonNode get(String index, String id) throws Exception {
    return JSON.readTree(ok("GET", "/" + index + "/_doc/" + id, null));
  }

  static JsonNode search(String alias, String body) throws Exception {
    return JSON.readTree(ok("POST", "/" + alias + "/_search", body));
  }

  @Test
  void outOfOrderAndDuplicatedMutationsEndAtTheHighestMutationId() throws Exception {
    try (EsSink sink = new EsSink(EsSettings.forAlias(url, "ooo", "listing_id", "mutation_id"))) {
      sink.open(EsTestSupport.spark());
      List<org.apache.spark.sql.Row> first = List.of(
          listing("1", 5, "UPSERT", "v5", 5), listing("1", 3, "UPSERT", "v3", 3), listing("2", 1, "UPSERT", "v1", 1));
      SinkResult r1 = sink.write(rows(first), streaming(0));
      assertEquals(3, r1.written() + r1.skippedStale());
      SinkResult r2 = sink.write(rows(List.of(listing("1", 4, "UPSERT", "v4", 4), listing("1", 5, "UPSERT", "v5", 5),
          listing("2", 7, "UPSERT", "v7", 7), listing("2", 6, "UPSERT", "v6", 6))), streaming(1));
      assertEquals(4, r2.written() + r2.skippedStale());
      assertTrue(r2.skippedStale() >= 2, "m4 and the duplicate m5 of id 1 are stale: " + r2);
      // Spark replays a micro-batch after a crash: every row is already there, all of it is stale, nothing fails.
      SinkResult replay = sink.write(rows(first), streaming(0));
      assertEquals(new SinkResult(0, 3), replay);

      JsonNode one = get("ooo", "1");
      assertEquals(5, one.get("_version").asLong());
      assertEquals("v5", one.get("_source").get("title").asText());
      JsonNode two = get("ooo", "2");
      assertEquals(7, two.get("_version").asLong());
      assertEquals("v7", two.get("_source").get("title").asText());
      assertTrue(sink.indexManager().liveIndex().orElseThrow().startsWith("ooo_"), "writes go through the alias");
    }
  }

  @Test
  void deleteThenOlderUpsertStaysDeletedEvenAfterGcDeletes() throws Exception {
    try (EsSink sink = new EsSink(EsSettings.forAlias(url, "del", "listing_id", "mutation_id"))) {
      sink.open(EsTestSupport.spark());
      // A plain ES delete forgets its version after gc_deletes; make that window zero to show tombstones don't.
      ok("PUT", "/del/_settings", "{\"index\":{\"gc_deletes\":\"0s\"}}");
      sink.write(rows(List.of(listing("1", 1, "UPSERT", "cosy loft", 2), listing("2", 1, "UPSERT", "barn", 4))),
          streaming(0));
      sink.write(rows(List.of(listing("1", 3, "DELETE", null, null))), streaming(1));
      Thread.sleep(1500);
      SinkResult late = sink.write(rows(List.of(listing("1", 2, "UPSERT", "cosy loft again", 3))), streaming(2));
      assertEquals(new SinkResult(0, 1), late, "the late upsert is older than the delete");
      ok("POST", "/del/_refresh", null);

      JsonNode all = search("del", "{\"query\":{\"match_all\":{}}}");
      assertEquals(1, all.get("hits").get("total").get("value").asLong(), all.toString());
      assertEquals("2", all.get("hits").get("hits").get(0).get("_id").asText());
      assertEquals(0, search("del", "{\"query\":{\"match\":{\"title\":\"cosy\"}}}").get("hits").get("total")
          .get("value").asLong());
      JsonNode tombstone = get("del", "1");
      assertEquals(3, tombstone.get("_version").asLong());
      assertTrue(tombstone.get("_source").get(Tombstones.DELETED_FIELD).asBoolean());
      assertFalse(tombstone.get("_source").has("title"), "a tombstone keeps no content: " + tombstone);

      // A newer mutation re-creates the listing.
      sink.write(rows(List.of(listing("1", 4, "UPSERT", "loft reopened", 2))), streaming(3));
      ok("POST", "/del/_refresh", null);
      assertEquals(2, search("del", "{\"query\":{\"match_all\":{}}}").get("hits").get("total").get("value").asLong());
    }
  }

  @Test
  void aRefusedDocumentFailsNamingIndexAndId(@TempDir Path dir) throws Exception {
    Path template = dir.resolve("template.json");
    Files.writeString(template, "{\"mappings\":{\"properties\":{\"title\":{\"type\":\"integer\"}}}}");
    EsSettings settings = EsSettings.forAlias(url, "strict", "listing_id", "mutation_id").withIndexTemplate(template);
    try (EsSink sink = new EsSink(settings)) {
      sink.open(EsTestSupport.spark());
      SinkWriteException e = assertThrows(SinkWriteException.class, () -> sink.write(
          rows(List.of(listing("42", 1, "UPSERT", "not a number", 1))), streaming(0)));
      assertTrue(e.getMessage().contains("elasticsearch strict"), e.getMessage());
      assertTrue(e.getMessage().contains("_id=42"), e.getMessage());
      assertTrue(e.getMessage().contains("400"), e.getMessage());
    }
    assertEquals(404, http("GET", "/strict/_doc/42", null).statusCode());
  }
}
