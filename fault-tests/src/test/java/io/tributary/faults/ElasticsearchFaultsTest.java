package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.localstack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka + Elasticsearch: the es-indexer job SIGKILLed at random points while listing events keep arriving; poison
 * records mixed into the stream; the Kafka broker restarted under a running job.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ElasticsearchFaultsTest {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchFaultsTest.class);
  private static final String NAME = "faults-es";
  private static final FaultSizes SIZES = FaultSizes.fromSystemProperties();
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;

  @BeforeAll
  static void startServers() {
    servers = FaultStack.start(NAME, LocalStack::kafka, LocalStack::elasticsearch);
    stack = servers.stack();
    work = servers.work();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void everyListingEndsAtItsNewestMutationAfterRepeatedSigkills() throws Exception {
    List<ListingEvent> events = ListingStreams.events(SIZES);
    ListingState expected = new ListingState(events);
    Path crashWork = work.resolve("crash");
    Path job = FaultJobs.elasticsearch(crashWork, "crash-es", stack.kafka().bootstrapServers(), "listings-crash",
        stack.elasticsearch().httpUrl(), "listings_crash");
    EsDocuments es = new EsDocuments(stack.elasticsearch().httpUrl());
    CrashScenario crash = new CrashScenario("es-crash", crashWork, new Topics(stack.kafka().bootstrapServers()),
        "listings-crash", job, Checkpoint.of(FaultJobs.checkpointDir(crashWork), "es"), SIZES);

    Figures figures = crash.run(ListingStreams.payloads(events),
        () -> expected.compare("es-crash", es.visible("listings_crash")), Duration.ofMinutes(2)).print();

    assertTrue(figures.exact(), figures.line());
  }

  @Test
  void everyPoisonRecordIsDeadLetteredWithItsReasonAndEveryGoodOneIndexed() throws Exception {
    PoisonRecords input = new PoisonRecords(ListingStreams.events(SIZES.scaled(0.5)), 0.01, SIZES.seed());
    ListingState expected = new ListingState(input.good());
    Path poisonWork = work.resolve("poison");
    Path job = FaultJobs.elasticsearch(poisonWork, "poison-es", stack.kafka().bootstrapServers(), "listings-poison",
        stack.elasticsearch().httpUrl(), "listings_poison");
    Topics topics = new Topics(stack.kafka().bootstrapServers());
    EsDocuments es = new EsDocuments(stack.elasticsearch().httpUrl());
    CrashScenario run = new CrashScenario("es-poison", poisonWork, topics, "listings-poison", job,
        Checkpoint.of(FaultJobs.checkpointDir(poisonWork), "es"), SIZES.withoutKills());

    Figures figures = run.run(input.payloads(), () -> expected.compare("es-poison", es.visible("listings_poison")),
        Duration.ofMinutes(2));

    DeadLetterTopic deadLetters = new DeadLetterTopic(topics, "dead-letters.poison-es");
    figures = figures.withProduced(input.payloads().size()).withDeadLettered(deadLetters.records()).print();
    LOG.info("es-poison: {} poison records produced, dead letters by kind {}", input.poisonIndexes().size(),
        deadLetters.countByKind());
    List<String> missing = new ArrayList<>();
    for (int index : input.poisonIndexes()) {
      String position = run.producedAt(index);
      DeadLetterTopic.Letter letter = deadLetters.at(position);
      if (letter == null || letter.kind().isBlank() || letter.message().isBlank()) {
        missing.add(position + " -> " + letter);
      }
    }
    assertEquals(List.of(), missing, "poison records without a dead letter (or without its reason)");
    assertEquals(input.poisonIndexes().size(), deadLetters.records(), "one dead letter per poison record, no other");
    assertTrue(figures.exact(), figures.line());
  }

  @Test
  void aKafkaBrokerRestartMidRunLosesAndDuplicatesNothing() throws Exception {
    List<ListingEvent> events = ListingStreams.events(SIZES.scaled(0.5));
    ListingState expected = new ListingState(events);
    Path restartWork = work.resolve("restart");
    String bootstrap = stack.kafka().bootstrapServers();
    Path job = FaultJobs.elasticsearch(restartWork, "restart-es", bootstrap, "listings-restart",
        stack.elasticsearch().httpUrl(), "listings_restart");
    Topics topics = new Topics(bootstrap);
    topics.create("listings-restart", 2);
    EsDocuments es = new EsDocuments(stack.elasticsearch().httpUrl());
    Checkpoint checkpoint = Checkpoint.of(FaultJobs.checkpointDir(restartWork), "es");
    CrashScenario run = new CrashScenario("es-broker-restart", restartWork, topics, "listings-restart", job,
        checkpoint, SIZES.withoutKills());
    long started = System.nanoTime();

    try (PacedProducer producer = new PacedProducer(bootstrap, "listings-restart", ListingStreams.payloads(events),
        Duration.ofSeconds(60)).start(); JobProcess streaming = run.launch("running")) {
      run.awaitFirstCommit(streaming);
      BrokerRestart.of(stack.kafka(), Duration.ofSeconds(10)).run();
      producer.awaitAllAcknowledged(Duration.ofMinutes(10));
      run.awaitCaughtUp(streaming, Duration.ofMinutes(6));
      Figures figures = CrashScenario.awaitExact(
          () -> expected.compare("es-broker-restart", es.visible("listings_restart")), Duration.ofMinutes(2))
          .withRun(0, (System.nanoTime() - started) / 1_000_000_000L).print();
      assertEquals(0, streaming.stopGracefully(), "the job ran through the restart and stopped cleanly");
      assertTrue(figures.exact(), figures.line());
    }
  }
}
