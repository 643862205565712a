package io.tributary.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a streaming job and SIGKILLs it, again and again, at seeded random points: each run is killed a random
 * 0..{@code maxDelay} after it first commits a micro-batch, so kills land anywhere in the batch cycle (reading,
 * decoding, mid-write to the store, between the write and Spark's commit-log entry).
 */
final class Crasher {
  private static final Logger LOG = LoggerFactory.getLogger(Crasher.class);
  /** A run that commits nothing new within this (nothing left to read) is killed anyway. */
  private static final Duration PROGRESS_TIMEOUT = Duration.ofMinutes(2);

  /** Starts the job under test (a new JVM each time). */
  interface Launcher {
    JobProcess start(int run) throws IOException;
  }

  private final Launcher launcher;
  private final Checkpoint checkpoint;
  private final Random random;
  private final Duration maxDelay;

  Crasher(Launcher launcher, Checkpoint checkpoint, long seed, Duration maxDelay) {
    this.launcher = launcher;
    this.checkpoint = checkpoint;
    this.random = new Random(seed);
    this.maxDelay = maxDelay;
  }

  /** Kills {@code kills} runs of the job; returns how many SIGKILLs were delivered. */
  int killRepeatedly(int kills) throws IOException, InterruptedException {
    for (int run = 0; run < kills; run++) {
      OptionalLong before = checkpoint.lastCommittedBatch();
      try (JobProcess job = launcher.start(run)) {
        awaitCommitAfter(job, before);
        long delay = (long) (random.nextDouble() * maxDelay.toMillis());
        Thread.sleep(delay);
        OptionalLong at = checkpoint.lastCommittedBatch();
        job.killHard();
        LOG.info("kill {}/{}: SIGKILLed pid {} {} ms after its first commit (last committed batch {})", run + 1,
            kills, job.pid(), delay, at.isPresent() ? at.getAsLong() : "none");
      }
    }
    return kills;
  }

  private void awaitCommitAfter(JobProcess job, OptionalLong before) throws InterruptedException {
    long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalLong now = checkpoint.lastCommittedBatch();
      if (now.isPresent() && (before.isEmpty() || now.getAsLong() > before.getAsLong())) {
        return;
      }
      if (!job.isAlive()) {
        throw new AssertionError("the job died by itself; log:\n" + job.tail(80));
      }
      Thread.sleep(100);
    }
    LOG.warn("pid {}: no new micro-batch within {} (the topic may be read to its end); killing it anyway", job.pid(),
        PROGRESS_TIMEOUT);
  }
}
