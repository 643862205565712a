package io.tributary.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash test of one sink: a producer writes the events (paced, concurrently) while the streaming job is
 * SIGKILLed {@code kills} times at random points; a final run catches up with the topic, then the store is read
 * back and compared with the expected state until it matches or time runs out. With no kills, a plain run.
 */
final class CrashScenario {
  private static final Logger LOG = LoggerFactory.getLogger(CrashScenario.class);
  /** Roughly how long one kill cycle takes here (a JVM with Spark starting, a batch or two): paces the producer. */
  private static final Duration PER_KILL = Duration.ofSeconds(25);

  private final String test;
  private final Path work;
  private final Topics topics;
  private final String topic;
  private final Path jobFile;
  private final Checkpoint checkpoint;
  private final FaultSizes sizes;
  private PacedProducer producer;

  CrashScenario(String test, Path work, Topics topics, String topic, Path jobFile, Checkpoint checkpoint,
      FaultSizes sizes) {
    this.test = test;
    this.work = work;
    this.topics = topics;
    this.topic = topic;
    this.jobFile = jobFile;
    this.checkpoint = checkpoint;
    this.sizes = sizes;
  }

  /** Runs the scenario; {@code readBack} compares the store with the expected state. The caller prints the figures. */
  Figures run(List<PacedProducer.Payload> payloads, Supplier<Figures> readBack, Duration settle) throws Exception {
    long started = System.nanoTime();
    topics.create(topic, 2);
    int kills;
    try (PacedProducer producer = new PacedProducer(topics.bootstrapServers(), topic, payloads,
        PER_KILL.multipliedBy(sizes.kills())).start()) {
      this.producer = producer;
      Crasher crasher = new Crasher(run -> launch("killed-" + run), checkpoint, sizes.seed(), Duration.ofSeconds(15));
      kills = crasher.killRepeatedly(sizes.kills());
      producer.awaitAllAcknowledged(Duration.ofMinutes(10));
    }
    try (JobProcess last = launch("final")) {
      awaitCaughtUp(last, Duration.ofMinutes(sizes.full() ? 20 : 6));
      Figures figures = awaitExact(readBack, settle);
      int exit = last.stopGracefully();
      if (exit != 0) {
        throw new AssertionError("the final run exited " + exit + " on SIGTERM; log:\n" + last.tail(60));
      }
      return figures.withRun(kills, (System.nanoTime() - started) / 1_000_000_000L);
    }
  }

  /** Where the producer wrote payload {@code index}: "topic/partition/offset". */
  String producedAt(int index) {
    return producer.position(index);
  }

  JobProcess launch(String run) throws java.io.IOException {
    return JobProcess.streaming(jobFile, work.resolve("job-work"), work.resolve("logs").resolve(test + "-" + run + ".log"));
  }

  /** Until the running job commits its first micro-batch. */
  void awaitFirstCommit(JobProcess job) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (checkpoint.lastCommittedBatch().isEmpty()) {
      if (!job.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no micro-batch committed; log:\n" + job.tail(80));
      }
      Thread.sleep(200);
    }
  }

  /** Until the last committed batch ends at the topic's end offsets. */
  void awaitCaughtUp(JobProcess job, Duration timeout) throws InterruptedException {
    long end = topics.endOffsetSum(topic);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (checkpoint.committedOffsetSum() < end) {
      if (!job.isAlive()) {
        throw new AssertionError("the final run died; log:\n" + job.tail(80));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not caught up after " + timeout + ": " + checkpoint.committedOffsetSum() + " of "
            + end + " offsets committed; log:\n" + job.tail(40));
      }
      Thread.sleep(500);
    }
    LOG.info("{}: caught up with {} ({} records)", test, topic, end);
  }

  /**
   * Reads the store back until it equals the expected state (stores may lag their writers: ES refreshes, Druid
   * hands off), then once more a little later so that anything counted late would show.
   */
  static Figures awaitExact(Supplier<Figures> readBack, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Figures figures = readBack.get();
    while (!figures.exact() && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      figures = readBack.get();
    }
    Thread.sleep(3000);
    return readBack.get();
  }
}
