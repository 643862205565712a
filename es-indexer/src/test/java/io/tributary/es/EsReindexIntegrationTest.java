package io.tributary.es;

import static io.tributary.es.EsTestSupport.http;
import static io.tributary.es.EsTestSupport.listing;
import static io.tributary.es.EsTestSupport.ok;
import static io.tributary.es.EsTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.job.Mode;
import io.tributary.sink.BatchContext;
import io.tributary.sink.SinkResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Hive reindex (batch mode) while the stream keeps writing: after the swap every document equals its latest
 * mutation, and searches against the alias never fail or come back empty during the swap.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EsReindexIntegrationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALIAS = "reidx";
  static final int DOCS = 6000;
  static final long HIVE_MUTATION = 10;
  static String url;

  @BeforeAll
  static void start() {
    url = EsTestSupport.elasticsearch();
    EsTestSupport.spark();
  }

  @AfterAll
  static void cleanUp() {
    EsTestSupport.deleteAll(ALIAS);
  }

  /** What the stream last wrote for an id. */
  record Latest(long mutation, String operation, String title) {}

  @Test
  void reindexWhileStreamingKeepsEveryLatestMutationAndSearchesNeverFail() throws Exception {
    EsSettings settings = EsSettings.forAlias(url, ALIAS, "listing_id", "mutation_id").withKeepIndexes(1);
    try (EsSink stream = new EsSink(settings); EsSink reindex = new EsSink(settings)) {
      stream.open(EsTestSupport.spark());
      reindex.open(EsTestSupport.spark());
      String original = stream.indexManager().liveIndex().orElseThrow();

      // What the index held before: every listing at mutation 1.
      List<Row> before = new ArrayList<>();
      for (int i = 0; i < DOCS; i++) {
        before.add(listing(Integer.toString(i), 1, "UPSERT", "before " + i, 1));
      }
      stream.write(rows(before), new BatchContext("t", "es", Mode.STREAMING, 0));
      ok("POST", "/" + ALIAS + "/_refresh", null);

      Map<String, Latest> latest = new HashMap<>();
      AtomicBoolean reindexDone = new AtomicBoolean();
      AtomicBoolean stopQueries = new AtomicBoolean();
      ConcurrentLinkedQueue<String> queryProblems = new ConcurrentLinkedQueue<>();
      AtomicLong queries = new AtomicLong();
      CountDownLatch streamedDuringReindex = new CountDownLatch(2);

      Thread queryLoop = new Thread(() -> {
        while (!stopQueries.get()) {
          HttpResponse<String> response = http("GET", "/" + ALIAS + "/_count", null);
          queries.incrementAndGet();
          if (response.statusCode() != 200) {
            queryProblems.add(response.statusCode() + " " + response.body());
          } else if (response.body().contains("\"count\":0,")) {
            queryProblems.add("empty result: " + response.body());
          }
        }
      }, "alias-query-loop");
      queryLoop.start();

      Thread streamLoop = new Thread(() -> {
        Random random = new Random(7);
        long round = 0;
        boolean afterSwap = false;
        // The fixed Hive snapshot below holds none of the stream's mutations, so streaming starts once the reindex
        // has begun: a round written before it would be in neither the snapshot nor the new index (a real Hive
        // snapshot taken after it would hold it), and the outcome would depend on which thread is faster.
        while (stream.indexManager().buildingIndex().isEmpty() && !reindexDone.get()) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
        while (!afterSwap) {
          afterSwap = reindexDone.get();
          List<Row> batch = new ArrayList<>();
          long mutation = 100 + round;
          for (int i = 0; i < 150; i++) {
            String id = Integer.toString(random.nextInt(DOCS));
            boolean delete = random.nextInt(10) == 0;
            String title = delete ? null : "stream " + round + " " + id;
            batch.add(listing(id, mutation, delete ? "DELETE" : "UPSERT", title, delete ? null : 2));
            latest.put(id, new Latest(mutation, delete ? "DELETE" : "UPSERT", title));
          }
          stream.write(rows(batch), new BatchContext("t", "es", Mode.STREAMING, ++round));
          if (stream.indexManager().buildingIndex().isPresent()) {
            streamedDuringReindex.countDown();
          }
        }
      }, "stream-loop");

      // The Hive snapshot: every listing at mutation 10, older than anything the stream writes from now on.
      List<Row> hive = new ArrayList<>();
      for (int i = 0; i < DOCS; i++) {
        hive.add(listing(Integer.toString(i), HIVE_MUTATION, "UPSERT", "hive " + i, 3));
      }
      streamLoop.start();
      SinkResult reindexed;
      try {
        reindexed = reindex.write(rows(hive).repartition(2),
            new BatchContext("t", "es", Mode.BATCH, System.currentTimeMillis()));
      } finally {
        reindexDone.set(true);
      }
      streamLoop.join(TimeUnit.MINUTES.toMillis(2));
      Thread.sleep(500);
      stopQueries.set(true);
      queryLoop.join(10_000);

      assertEquals(DOCS, reindexed.written() + reindexed.skippedStale(), reindexed.toString());
      String live = stream.indexManager().liveIndex().orElseThrow();
      assertNotEquals(original, live, "the alias moved to the rebuilt index");
      assertTrue(stream.indexManager().buildingIndex().isEmpty(), "the building alias is gone after the swap");
      assertEquals(List.of(), List.copyOf(queryProblems), "searches during the reindex (" + queries.get() + " ran)");
      assertTrue(queries.get() > 10, "the query loop ran: " + queries.get());
      assertTrue(!latest.isEmpty());

      ok("POST", "/" + live + "/_refresh", null);
      Map<String, JsonNode> docs = allDocs(live);
      assertEquals(DOCS, docs.size(), "every listing is in the new index (tombstones included)");
      int checkedStreamed = 0;
      for (int i = 0; i < DOCS; i++) {
        String id = Integer.toString(i);
        JsonNode doc = docs.get(id);
        Latest last = latest.get(id);
        if (last == null) {
          assertEquals(HIVE_MUTATION, doc.get("_version").asLong(), id);
          assertEquals("hive " + id, doc.get("_source").get("title").asText());
        } else {
          checkedStreamed++;
          assertEquals(last.mutation(), doc.get("_version").asLong(), "listing " + id + ": " + doc);
          boolean deleted = doc.get("_source").path(Tombstones.DELETED_FIELD).asBoolean();
          assertEquals(last.operation().equals("DELETE"), deleted, "listing " + id + ": " + doc);
          if (!deleted) {
            assertEquals(last.title(), doc.get("_source").get("title").asText());
          }
        }
      }
      assertTrue(checkedStreamed > 100, "streamed updates checked: " + checkedStreamed);

      // A stream write racing the swap can leave a concrete index named like the building alias (es-hadoop creates
      // a missing write resource); the next reindex must clear it rather than fail.
      ok("PUT", "/" + settings.buildingAlias(), null);

      // keep_indexes = 1: a second reindex keeps only the previous index, and rollback returns to it.
      reindex.write(rows(hive), new BatchContext("t", "es", Mode.BATCH, System.currentTimeMillis()));
      List<String> managed = stream.indexManager().managedIndexes();
      assertEquals(2, managed.size(), managed.toString());
      assertEquals(live, managed.get(0), "the original index was pruned");
      assertEquals(404, http("GET", "/" + settings.buildingAlias(), null).statusCode(), "no stray building index");
      String rolledBackTo = EsIndexManager.rollback(settings);
      assertEquals(live, rolledBackTo);
      assertEquals(live, stream.indexManager().liveIndex().orElseThrow());
    }
  }

  private static Map<String, JsonNode> allDocs(String index) throws Exception {
    JsonNode hits = JSON.readTree(ok("POST", "/" + index + "/_search",
        "{\"size\":10000,\"version\":true,\"query\":{\"match_all\":{}}}")).get("hits").get("hits");
    Map<String, JsonNode> docs = new HashMap<>();
    hits.forEach(hit -> docs.put(hit.get("_id").asText(), hit));
    return docs;
  }
}
