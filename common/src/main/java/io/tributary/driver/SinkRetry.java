package io.tributary.driver;

import io.tributary.job.Mode;
import io.tributary.job.RetrySpec;
import io.tributary.job.SinkSpec;
import io.tributary.sink.BatchContext;
import io.tributary.sink.SinkFailedException;
import io.tributary.sink.SinkResult;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch to a sink, retrying transient store failures with bounded exponential backoff (the job's
 * {@code retry} block). Safe because every sink's write is idempotent per batch: ES external versions, HBase cell
 * timestamps, Druid's batch-id fence. When the retries run out, or the failure is permanent, it throws
 * {@link SinkFailedException}; in streaming that fails the query before Spark commits the batch's offsets.
 */
final class SinkRetry {
  private static final Logger LOG = LoggerFactory.getLogger(SinkRetry.class);

  /** Thrown when the job is asked to stop during a backoff: the batch was not written and is not committed. */
  static final class StopRequested extends RuntimeException {
    StopRequested() {
      super(null, null, false, false);
    }
  }

  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final RetrySpec policy;
  private final BooleanSupplier stopRequested;
  private final Sleeper sleeper;

  SinkRetry(RetrySpec policy, BooleanSupplier stopRequested) {
    this(policy, stopRequested, duration -> Thread.sleep(duration.toMillis()));
  }

  SinkRetry(RetrySpec policy, BooleanSupplier stopRequested, Sleeper sleeper) {
    this.policy = policy;
    this.stopRequested = stopRequested;
    this.sleeper = sleeper;
  }

  SinkResult write(SinkSpec sink, BatchContext batch, Supplier<SinkResult> attempt) {
    long started = System.nanoTime();
    for (int n = 1; ; n++) {
      try {
        SinkResult result = attempt.get();
        if (n > 1) {
          LOG.info("{} {}: {} written on attempt {} after {}", describeSink(sink), describeBatch(batch),
              result.written(), n, format(since(started)));
        }
        return result;
      } catch (Exception e) {
        // Exception, not RuntimeException: a failed task reaches the driver as Spark's SparkException, a checked
        // exception that Scala code throws undeclared through the sink's collect or foreachPartition.
        if (e instanceof StopRequested stop) {
          throw stop;
        }
        String reason = Messages.firstLine(e);
        if (!TransientFailures.isTransient(e)) {
          throw new SinkFailedException(describeSink(sink) + ": " + describeBatch(batch) + " failed with an error"
              + " retrying cannot fix (attempt " + n + "): " + reason, e);
        }
        if (n >= policy.maxAttempts()) {
          throw new SinkFailedException(describeSink(sink) + ": " + describeBatch(batch) + " failed after " + n
              + (n == 1 ? " attempt" : " attempts") + " over " + format(since(started)) + ": " + reason, e);
        }
        Duration wait = policy.backoffBefore(n + 1);
        LOG.warn("{}: {} failed (attempt {} of {}), retrying in {}: {}", describeSink(sink), describeBatch(batch), n,
            policy.maxAttempts(), format(wait), reason);
        pause(wait);
      }
    }
  }

  /** Sleeps in short steps so a stop request does not wait out a long backoff. */
  private void pause(Duration wait) {
    Duration step = Duration.ofMillis(200);
    try {
      for (Duration left = wait; !left.isNegative() && !left.isZero(); left = left.minus(step)) {
        if (stopRequested.getAsBoolean()) {
          throw new StopRequested();
        }
        sleeper.sleep(left.compareTo(step) < 0 ? left : step);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StopRequested();
    }
  }

  private static String describeSink(SinkSpec sink) {
    return "sink " + sink.name() + " (" + sink.type() + ")";
  }

  private static String describeBatch(BatchContext batch) {
    return batch.mode() == Mode.STREAMING ? "batch " + batch.batchId() : "batch run " + batch.batchId();
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** 2m10s, 45s, 800ms. */
  static String format(Duration d) {
    long seconds = d.toSeconds();
    if (seconds == 0) {
      return d.toMillis() + "ms";
    }
    return seconds >= 60 ? seconds / 60 + "m" + (seconds % 60 > 0 ? seconds % 60 + "s" : "") : seconds + "s";
  }
}
