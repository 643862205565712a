package io.tributary.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.driver.StreamingJob;
import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.sample.SampleEvents;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline: Thrift events on a real Kafka topic (updates, deletes, duplicates, out of order) through the
 * driver's StreamingJob and a job file to the real Elasticsearch; every listing ends at its highest mutation.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EsStreamingEndToEndTest {
  // Kafka keeps its data in the test work dir across runs: a fresh topic each run.
  static final String TOPIC = "listings-e2e-" + System.currentTimeMillis();
  static final String ALIAS = "listings_e2e";

  @AfterAll
  static void cleanUp() {
    EsTestSupport.deleteAll(ALIAS);
  }

  @Test
  void kafkaToElasticsearchEndsAtTheHighestMutationOfEveryListing(@TempDir Path dir) throws Exception {
    String bootstrap = EsTestSupport.kafka();
    String url = EsTestSupport.elasticsearch();
    List<ListingEvent> events = SampleEvents.stream().seed(11).entities(400).mutationsPerEntity(4)
        .deleteRate(0.2).duplicateRate(0.2).outOfOrder(true).listings();
    Map<Long, ListingEvent> latest = new HashMap<>();
    for (ListingEvent event : events) {
      latest.merge(event.getListing_id(), event, (a, b) -> a.getMutation_id() >= b.getMutation_id() ? a : b);
    }
    produce(bootstrap, events);

    Path jobFile = dir.resolve("listings-e2e.conf");
    Files.writeString(jobFile, """
        job { name = listings-e2e }
        source = [ { name = listings, type = kafka, topics = [%s], bootstrap_servers = "%s",
                     thrift_class = io.tributary.events.ListingEvent, protocol = compact,
                     starting_offsets = earliest, max_offsets_per_trigger = 300 } ]
        process = [ { name = latest, type = sql,
                      sql = "SELECT listing_id, mutation_id, operation, title, max_guests, market FROM listings" } ]
        sink = [ { name = es, input = latest, type = elasticsearch, nodes = "%s", index = %s,
                   id_column = listing_id, version_column = mutation_id, number_of_replicas = 0,
                   refresh_interval = 200ms } ]
        streaming { checkpoint_dir = "%s" }
        dead_letter { type = path, path = "%s" }
        """.formatted(TOPIC, bootstrap, url, ALIAS, dir.resolve("checkpoints"), dir.resolve("dead-letters")));
    JobSpec job = JobFile.load(jobFile, Mode.STREAMING, Map.of());
    SinkSpec sinkSpec = job.sink("es").orElseThrow();
    try (Sink sink = SinkProviders.forType(sinkSpec.type()).create(sinkSpec, job)) {
      sink.open(EsTestSupport.spark());
      StreamingJob streaming = new StreamingJob(EsTestSupport.spark(), job, Map.of("es", sink), dir.resolve("work"));
      streaming.start();
      try {
        streaming.processAllAvailable();
      } finally {
        streaming.stop();
      }
    }

    EsTestSupport.ok("POST", "/" + ALIAS + "/_refresh", null);
    Map<String, JsonNode> docs = new HashMap<>();
    String live = EsTestSupport.ok("GET", "/_alias/" + ALIAS, null);
    String index = new ObjectMapper().readTree(live).fieldNames().next();
    new ObjectMapper().readTree(EsTestSupport.ok("POST", "/" + index + "/_search",
            "{\"size\":10000,\"version\":true,\"query\":{\"match_all\":{}}}"))
        .get("hits").get("hits").forEach(hit -> docs.put(hit.get("_id").asText(), hit));
    assertEquals(latest.size(), docs.size());
    long deleted = 0;
    for (ListingEvent expected : latest.values()) {
      JsonNode doc = docs.get(Long.toString(expected.getListing_id()));
      assertEquals(expected.getMutation_id(), doc.get("_version").asLong(), doc.toString());
      boolean tombstone = doc.get("_source").path(Tombstones.DELETED_FIELD).asBoolean();
      assertEquals(expected.getOperation() == Operation.DELETE, tombstone, doc.toString());
      if (tombstone) {
        deleted++;
      } else {
        assertEquals(expected.getTitle(), doc.get("_source").get("title").asText());
      }
    }
    long visible = new ObjectMapper().readTree(EsTestSupport.ok("GET", "/" + ALIAS + "/_count", null))
        .get("count").asLong();
    assertEquals(latest.size() - deleted, visible, "the alias hides tombstones");
    assertTrue(deleted > 0 && events.size() > latest.size() * 4, "the stream had deletes and duplicates");

    // bin/tributary es status|rollback on the same job file.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    assertEquals(0, EsAdmin.run(new String[] {"status", jobFile.toString()}, new java.io.PrintStream(out, true),
        new java.io.PrintStream(err, true)), err.toString());
    assertTrue(out.toString().contains("alias " + ALIAS + " -> " + index), out.toString());
    assertEquals(1, EsAdmin.run(new String[] {"rollback", jobFile.toString()}, new java.io.PrintStream(out, true),
        new java.io.PrintStream(err, true)));
    assertTrue(err.toString().contains("nothing to roll back to"), err.toString());
    assertEquals(2, EsAdmin.run(new String[] {"rollback"}, new java.io.PrintStream(out, true),
        new java.io.PrintStream(err, true)));
  }

  private static void produce(String bootstrap, List<ListingEvent> events) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (AdminClient admin = AdminClient.create(props)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      for (ListingEvent event : events) {
        // Keyed by listing: per-partition order is the stream's (already shuffled and duplicated) order.
        producer.send(new ProducerRecord<>(TOPIC, Long.toString(event.getListing_id()), SampleEvents.compact(event)));
      }
      producer.flush();
    }
  }
}
