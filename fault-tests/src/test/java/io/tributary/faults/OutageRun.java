package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.localstack.Server;
import io.tributary.localstack.ServerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Steps the outage, give-up and security tests share: a listings job file, its first batch, its catching up. */
final class OutageRun {
  private static final Logger LOG = LoggerFactory.getLogger(OutageRun.class);

  private OutageRun() {}

  /** About {@code count} listing events (five mutations each, duplicates, deletes, out of order). */
  static List<ListingEvent> events(int count, long seed) {
    return ListingStreams.events(new FaultSizes(count, 0, seed, false));
  }

  /** A streaming listings job: source (plus {@code sourceKeys}), the store's sink, then {@code blocks}. */
  static Path jobFile(Path work, String runId, String bootstrap, String sourceKeys, String sinkBlock, String blocks)
      throws java.io.IOException {
    return FaultJobs.write(work, runId, "job { name = " + runId + " }\n"
        + FaultJobs.listingsSource(bootstrap, runId, sourceKeys) + sinkBlock
        + "streaming { trigger_interval = 1s, checkpoint_dir = \"" + FaultJobs.checkpointDir(work.resolve(runId))
        + "\" }\n" + blocks + "\n");
  }

  static ServerStatus ensureHealthy(Server server) {
    ServerStatus status = server.status();
    if (!status.healthy()) {
      status = server.start();
    }
    assertTrue(status.healthy(), status.describe());
    return status;
  }

  /** The job has written a batch: an outage then hits a running job, not its start. */
  static void awaitFirstBatch(JobProcess job) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (!job.output().contains(" batch 0:")) {
      assertTrue(job.isAlive(), "the job ended before its first batch:\n" + job.tail(80));
      assertTrue(System.currentTimeMillis() < deadline, "no first batch within 180 s:\n" + job.tail(80));
      Thread.sleep(500);
    }
  }

  /** Polls the store until it shows exactly the expected state, the job ends, or the time is up; the last figures. */
  static Figures awaitCaughtUp(String test, StoreUnderTest store, String runId, ListingState expected,
      JobProcess job, Duration timeout) throws Exception {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    Figures figures = expected.compare(test, List.of());
    while (System.currentTimeMillis() < deadline && job.isAlive()) {
      try {
        figures = expected.compare(test, store.visible(runId, expected.ids()));
      } catch (RuntimeException e) {
        LOG.info("{}: store not readable yet: {}", runId, e.toString());
      }
      if (figures.exact()) {
        return figures;
      }
      Thread.sleep(2000);
    }
    return figures;
  }
}
