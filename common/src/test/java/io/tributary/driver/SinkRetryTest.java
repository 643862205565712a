package io.tributary.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.job.Mode;
import io.tributary.job.RetrySpec;
import io.tributary.job.SinkSpec;
import io.tributary.sink.BatchContext;
import io.tributary.sink.SinkFailedException;
import io.tributary.sink.SinkResult;
import io.tributary.sink.SinkWriteException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries with a recorded clock: which failures are retried, how long it waits, and what the final error says. */
class SinkRetryTest {
  private static final SinkSpec SINK = new SinkSpec("es", "latest", "elasticsearch", null);
  private static final BatchContext BATCH_12 = new BatchContext("listings", "es", Mode.STREAMING, 12);
  private static final RetrySpec POLICY = new RetrySpec(4, Duration.ofSeconds(1), Duration.ofSeconds(3));

  private final List<Duration> waits = new ArrayList<>();
  private final SinkRetry retry = new SinkRetry(POLICY, () -> false, waits::add);

  private static SinkWriteException storeDown() {
    return new SinkWriteException("elasticsearch", "listings", "batch 12 of es",
        "Connection error (check network and/or proxy settings)- all nodes failed",
        new RuntimeException(new ConnectException("Connection refused")));
  }

  @Test
  void aStoreThatComesBackGetsTheBatchAfterBackoff() {
    AtomicInteger attempts = new AtomicInteger();
    SinkResult result = retry.write(SINK, BATCH_12, () -> {
      if (attempts.incrementAndGet() < 3) {
        throw storeDown();
      }
      return SinkResult.written(7);
    });
    assertEquals(7, result.written());
    assertEquals(3, attempts.get());
    assertEquals(Duration.ofSeconds(3), waits.stream().reduce(Duration.ZERO, Duration::plus), "1s then 2s");
  }

  @Test
  void aStoreThatStaysDownFailsTheBatchNamingSinkBatchAndCause() {
    AtomicInteger attempts = new AtomicInteger();
    SinkFailedException failed = assertThrows(SinkFailedException.class, () -> retry.write(SINK, BATCH_12, () -> {
      attempts.incrementAndGet();
      throw storeDown();
    }));
    assertEquals(4, attempts.get());
    assertEquals(Duration.ofSeconds(6), waits.stream().reduce(Duration.ZERO, Duration::plus), "1s, 2s, 3s");
    assertTrue(failed.getMessage().startsWith("sink es (elasticsearch): batch 12 failed after 4 attempts over "),
        failed.getMessage());
    assertTrue(failed.getMessage().endsWith(": elasticsearch listings: writing batch 12 of es failed: Connection error"
        + " (check network and/or proxy settings)- all nodes failed"), failed.getMessage());
  }

  @Test
  void aMappingErrorIsNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    SinkFailedException failed = assertThrows(SinkFailedException.class, () -> retry.write(SINK, BATCH_12, () -> {
      attempts.incrementAndGet();
      throw new SinkWriteException("elasticsearch", "listings", "document _id=42",
          "mapper_parsing_exception: failed to parse field [max_guests] of type [integer]", null);
    }));
    assertEquals(1, attempts.get());
    assertTrue(waits.isEmpty());
    assertTrue(failed.getMessage().startsWith("sink es (elasticsearch): batch 12 failed with an error retrying cannot"
        + " fix (attempt 1): elasticsearch listings: writing document _id=42 failed: mapper_parsing_exception"),
        failed.getMessage());
  }

  @Test
  void anExecutorFailureArrivingAsSparksCheckedExceptionIsRetried() {
    // HBase's Put path failing in its tasks during an outage: collect throws SparkException, which is no
    // RuntimeException (it once escaped the retries and ended the job at the first failed batch).
    AtomicInteger attempts = new AtomicInteger();
    SinkResult result = retry.write(SINK, BATCH_12, () -> {
      if (attempts.incrementAndGet() == 1) {
        throwUnchecked(new org.apache.spark.SparkException("Job aborted due to stage failure: Lost task 0.0:"
            + " io.tributary.sink.SinkWriteException: hbase listings: writing row 1001069 (and 276 more) failed\n"
            + "Caused by: org.apache.hadoop.hbase.client.RetriesExhaustedWithDetailsException: Failed 277 actions"));
      }
      return SinkResult.written(277);
    });
    assertEquals(277, result.written());
    assertEquals(Duration.ofSeconds(1), waits.stream().reduce(Duration.ZERO, Duration::plus), "one backoff");

    SinkFailedException failed = assertThrows(SinkFailedException.class, () -> retry.write(SINK, BATCH_12, () -> {
      throwUnchecked(new org.apache.spark.SparkException("Job aborted due to stage failure: hbase listings: "
          + "org.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException: family x"));
      return SinkResult.written(0);
    }));
    assertTrue(failed.getMessage().contains("retrying cannot fix (attempt 1)"), failed.getMessage());
  }

  /** Throws a checked exception without declaring it, as Scala code does. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void throwUnchecked(Throwable e) throws E {
    throw (E) e;
  }

  @Test
  void aStopDuringBackoffLeavesTheBatchUnwritten() {
    SinkRetry stopping = new SinkRetry(POLICY, () -> true, waits::add);
    assertThrows(SinkRetry.StopRequested.class, () -> stopping.write(SINK, BATCH_12, () -> {
      throw storeDown();
    }));
  }

  @Test
  void executorFailuresAreClassifiedFromTheirText() {
    // What Spark hands the driver: the task's trace as text inside a SparkException-like message.
    assertTrue(TransientFailures.isTransient(new RuntimeException("Job aborted due to stage failure: "
        + "org.elasticsearch.hadoop.rest.EsHadoopNoNodesLeftException: Connection error - all nodes failed")));
    assertTrue(TransientFailures.isTransient(new RuntimeException("Druid overlord /druid/indexer/v1/task answered"
        + " HTTP 503: Service Unavailable")));
    assertTrue(TransientFailures.isTransient(new org.apache.kafka.common.errors.TimeoutException("expired")));
    // elasticsearch-java's TransportException
    assertTrue(TransientFailures.isTransient(new RuntimeException("node: http://127.0.0.1:9200/, status: 503,"
        + " [es/indices.exists_alias] Expecting a response body, but none was sent")));
    assertEquals(false, TransientFailures.isTransient(new RuntimeException("node: https://127.0.0.1:9243/,"
        + " status: 401, [es/indices.exists_alias] Expecting JSON data but response content-type is: text/html")));
    assertEquals(false, TransientFailures.isTransient(new RuntimeException("column listing_id (id_column) is not in"
        + " [id, title]")));
    assertEquals(false, TransientFailures.isTransient(new RuntimeException("[PUT] on [listings] failed; server"
        + " returned [400|Bad Request:] mapper_parsing_exception")));
  }

  @Test
  void durationsReadLikeTheLogs() {
    assertEquals("2m10s", SinkRetry.format(Duration.ofSeconds(130)));
    assertEquals("45s", SinkRetry.format(Duration.ofSeconds(45)));
    assertEquals("800ms", SinkRetry.format(Duration.ofMillis(800)));
  }
}
