package io.tributary.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.job.DeadLetterSpec;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SecretRef;
import io.tributary.job.SinkSpec;
import io.tributary.job.SinkSpecRegistry;
import io.tributary.job.SourceSpec;
import io.tributary.job.StreamingSpec;
import io.tributary.job.StringOrSecret;
import io.tributary.sink.SinkProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** job-configs/listings-es.conf parsed with the real elasticsearch spec (moved here from common's JobFileTest). */
class ListingsEsJobFileTest {

  static Path jobConfigsDir() {
    Path dir = Path.of(System.getProperty("basedir", ".")).resolve("../job-configs").normalize();
    assertTrue(Files.isDirectory(dir), "job-configs/ not found at " + dir.toAbsolutePath());
    return dir;
  }

  @Test
  void theRealSpecIsRegistered() {
    assertInstanceOf(EsSinkProvider.class, SinkSpecRegistry.load().find("elasticsearch").orElseThrow());
    assertInstanceOf(EsSinkProvider.class, SinkProviders.forType("elasticsearch"));
  }

  @Test
  void streamingModeReadsTheKafkaFormWithTypedSettings() throws Exception {
    JobSpec job = JobFile.load(jobConfigsDir().resolve("examples/listings-es-secured.conf"), Mode.STREAMING, Map.of());

    assertEquals("listings-es", job.name());
    assertEquals(Mode.STREAMING, job.mode());
    SourceSpec.Kafka listings = assertInstanceOf(SourceSpec.Kafka.class, job.sources().get(0));
    assertEquals(1, job.sources().size());
    assertEquals(ListingEvent.class, listings.thriftClass());
    assertEquals(List.of("listings"), listings.topics());
    assertEquals("kafka-1.internal:9093", listings.bootstrapServers());
    assertEquals("earliest", listings.startingOffsets());
    assertEquals(OptionalLong.of(100000), listings.maxOffsetsPerTrigger());
    assertEquals(new StringOrSecret.Literal("SASL_SSL"), listings.kafkaOptions().get("security.protocol"));
    assertEquals(new SecretRef.FromEnv("KAFKA_JAAS"), listings.kafkaOptions().get("sasl.jaas.config"));

    assertEquals(Set.of("listings"), job.step("latest").orElseThrow().inputs());
    SinkSpec es = job.sink("es").orElseThrow();
    assertEquals("latest", es.input());
    assertEquals("elasticsearch", es.type());
    assertEquals("listing_id", es.options().string("id_column").orElseThrow());
    assertEquals(5000, es.options().integer("batch_size_entries").orElseThrow());
    assertEquals(new SecretRef.FromEnv("ES_PASSWORD"), es.options().secret("password").orElseThrow());

    EsSettings settings = EsSettings.from(es.options());
    assertEquals("listings", settings.alias());
    assertEquals("mutation_id", settings.versionColumn());
    assertEquals("listings_building", settings.buildingAlias());
    assertTrue(settings.https());

    StreamingSpec streaming = job.streaming().orElseThrow();
    assertEquals(Duration.ofSeconds(10), streaming.triggerInterval().orElseThrow());
    assertEquals("/tmp/tributary/checkpoints/listings-es", streaming.checkpointDir());
    DeadLetterSpec.Kafka deadLetters = assertInstanceOf(DeadLetterSpec.Kafka.class, job.deadLetter().orElseThrow());
    assertEquals("dead-letters.listings-es", deadLetters.topic());
  }

  @Test
  void theJobFileTargetsTheLocalStack() throws Exception {
    JobSpec job = JobFile.load(jobConfigsDir().resolve("listings-es.conf"), Mode.STREAMING, Map.of());
    SourceSpec.Kafka listings = assertInstanceOf(SourceSpec.Kafka.class, job.sources().get(0));
    assertEquals("127.0.0.1:9092", listings.bootstrapServers());
    assertEquals(Map.of(), listings.kafkaOptions());
    EsSettings settings = EsSettings.from(job.sink("es").orElseThrow().options());
    assertFalse(settings.https());
    assertEquals("work/checkpoints/listings-es", job.streaming().orElseThrow().checkpointDir());
  }

  @Test
  void batchModeUsesTheSameSink() throws Exception {
    JobSpec job = JobFile.load(jobConfigsDir().resolve("listings-es.conf"), Mode.BATCH, Map.of("ds", "2017-06-05"));
    assertEquals("elasticsearch", job.sink("es").orElseThrow().type());
    assertInstanceOf(SourceSpec.Hive.class, job.source("listings").orElseThrow());
  }
}
