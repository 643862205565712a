package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.localstack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka + Elasticsearch: ES stopped for a while mid-run (the job rides it out), ES gone for longer than the
 * retries (the job ends with one clear line, and a restart after ES returns writes everything), and a write ES
 * refuses for good (the job ends at once, no retry).
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ElasticsearchOutageTest {
  private static final String NAME = "outage-es";
  private static final String FEW_RETRIES = "retry { max_attempts = 3, initial_backoff = 1s, max_backoff = 2s }";
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;
  private static ElasticsearchStore store;

  @BeforeAll
  static void startServers() {
    servers = FaultStack.start(NAME, LocalStack::kafka, LocalStack::elasticsearch);
    stack = servers.stack();
    work = servers.work();
    store = new ElasticsearchStore(stack);
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void theJobRidesOutAnOutageAndLosesNothing() throws Exception {
    Figures figures = StoreOutage.run(store, stack.kafka().bootstrapServers(), work,
        OutageSizes.fromSystemProperties(), 31);
    assertTrue(figures.exact(), figures.line());
  }

  @Test
  void aStoreThatStaysDownEndsTheJobAndARestartCatchesUp() throws Exception {
    long started = System.nanoTime();
    String runId = "es-down-" + System.currentTimeMillis();
    String bootstrap = stack.kafka().bootstrapServers();
    new Topics(bootstrap).create(runId, 2);
    List<ListingEvent> events = OutageRun.events(2_000, 41);
    List<PacedProducer.Payload> payloads = ListingStreams.payloads(events);
    int half = payloads.size() / 2;
    Path jobFile = OutageRun.jobFile(work, runId, bootstrap, "", store.sinkBlock(runId), FEW_RETRIES);
    String test = "es down for good, then restarted";

    try (JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + "-1.log"));
         PacedProducer first = new PacedProducer(bootstrap, runId, payloads.subList(0, half), Duration.ZERO);
         PacedProducer second = new PacedProducer(bootstrap, runId, payloads.subList(half, payloads.size()),
             Duration.ZERO)) {
      first.start().awaitAllAcknowledged(Duration.ofMinutes(1));
      ListingState firstHalf = new ListingState(events.subList(0, half));
      Figures before = OutageRun.awaitCaughtUp(test, store, runId, firstHalf, job, Duration.ofMinutes(3));
      assertTrue(before.exact(), before.line() + "\n" + job.tail(40));
      store.server().stop();
      second.start().awaitAllAcknowledged(Duration.ofMinutes(1));
      assertEquals(1, job.awaitExit(180), "the job should give up with exit code 1:\n" + job.tail(60));
      String lastLines = job.tail(5);
      assertTrue(lastLines.contains("tributary: job " + runId + " failed: sink es (elasticsearch): batch "),
          lastLines);
      assertTrue(lastLines.contains(" failed after 3 attempts over "), lastLines);
    }

    OutageRun.ensureHealthy(store.server());
    try (JobProcess restarted = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + "-2.log"))) {
      Figures figures = OutageRun.awaitCaughtUp(test, store, runId, new ListingState(events), restarted,
          Duration.ofMinutes(3));
      assertEquals(0, restarted.stopGracefully(), restarted.tail(60));
      figures.withRun(0, Duration.ofNanos(System.nanoTime() - started).toSeconds()).print();
      assertTrue(figures.exact(), figures.line());
    }
  }

  @Test
  void aMappingErrorEndsTheJobWithoutRetrying() throws Exception {
    String runId = "es-mapping-" + System.currentTimeMillis();
    String bootstrap = stack.kafka().bootstrapServers();
    new Topics(bootstrap).create(runId, 1);
    Files.createDirectories(work);
    Path template = Files.writeString(work.resolve(runId + "-template.json"),
        "{\"mappings\":{\"properties\":{\"title\":{\"type\":\"long\"}}}}");
    Path jobFile = OutageRun.jobFile(work, runId, bootstrap, "",
        store.sinkBlock(runId, ", index_template = \"" + template + "\""), FEW_RETRIES);
    try (PacedProducer producer = new PacedProducer(bootstrap, runId,
             ListingStreams.payloads(OutageRun.events(50, 42)), Duration.ZERO);
         JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"))) {
      producer.start().awaitAllAcknowledged(Duration.ofMinutes(1));
      assertEquals(1, job.awaitExit(180), "the job should fail at once with exit code 1:\n" + job.tail(60));
      String lastLines = job.tail(5);
      assertTrue(lastLines.contains("tributary: job " + runId + " failed: sink es (elasticsearch): batch 0 failed"
          + " with an error retrying cannot fix (attempt 1): elasticsearch"), lastLines);
      assertFalse(job.output().contains("retrying in"), "a mapping error must not be retried:\n" + job.tail(60));
    }
  }
}
