package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store taken away for real (its server process stopped, then started again) while a streaming job writes to it
 * and events keep arriving. The job must retry with backoff, keep its offsets on the unwritten batch, stay up, and
 * catch up once the server is back: every listing at its newest mutation, nothing lost.
 */
final class StoreOutage {
  private static final Logger LOG = LoggerFactory.getLogger(StoreOutage.class);

  private StoreOutage() {}

  static Figures run(StoreUnderTest store, String bootstrap, Path work, OutageSizes sizes, long seed)
      throws Exception {
    long started = System.nanoTime();
    String runId = store.name() + "-outage-" + System.currentTimeMillis();
    String test = store.name() + " outage (" + sizes.outage().toSeconds() + " s)";
    new Topics(bootstrap).create(runId, 2);
    List<ListingEvent> events = OutageRun.events(sizes.events(), seed);
    ListingState expected = new ListingState(events);
    Path jobFile = OutageRun.jobFile(work, runId, bootstrap, "", store.sinkBlock(runId),
        sizes.retryBlock() + "\ndead_letter { type = kafka, topic = \"" + runId + "-dead\" }");
    List<PacedProducer.Payload> payloads = ListingStreams.payloads(events);
    int head = payloads.size() / 20;

    try (JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"));
         PacedProducer first = new PacedProducer(bootstrap, runId, payloads.subList(0, head), Duration.ZERO);
         PacedProducer rest = new PacedProducer(bootstrap, runId, payloads.subList(head, payloads.size()),
             sizes.producing())) {
      first.start().awaitAllAcknowledged(Duration.ofMinutes(1));
      OutageRun.awaitFirstBatch(job);
      rest.start();
      Thread.sleep(sizes.beforeOutage().toMillis());
      LOG.info("{}: stopping {} for {} s", runId, store.server().name(), sizes.outage().toSeconds());
      store.server().stop();
      Thread.sleep(sizes.outage().toMillis());
      assertTrue(job.isAlive(), "the job died during the outage:\n" + job.tail(80));
      OutageRun.ensureHealthy(store.server());
      LOG.info("{}: {} is back", runId, store.server().name());
      rest.awaitAllAcknowledged(Duration.ofMinutes(5));

      Figures figures = OutageRun.awaitCaughtUp(test, store, runId, expected, job,
          Duration.ofMinutes(sizes.full() ? 8 : 4));
      assertTrue(job.isAlive(), "the job ended instead of catching up:\n" + job.tail(80));
      String log = job.output();
      assertEquals(0, job.stopGracefully(), job.tail(60));
      assertTrue(log.contains("retrying in"), "the job never met the outage:\n" + job.tail(80));
      return figures.withRun(0, Duration.ofNanos(System.nanoTime() - started).toSeconds()).print();
    }
  }
}
