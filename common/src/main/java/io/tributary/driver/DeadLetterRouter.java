package io.tributary.driver;

import io.tributary.deadletter.DeadLetterCounters;
import io.tributary.deadletter.DeadLetterSink;
import io.tributary.job.JobSpec;
import io.tributary.schema.ErrorKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a batch's refused records to the job's dead-letter destination, counting them per error kind. */
final class DeadLetterRouter {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

  private final String jobName;
  private final DeadLetterSink sink;
  private final DeadLetterCounters counters = new DeadLetterCounters();

  DeadLetterRouter(JobSpec job, Path workDir) {
    this.jobName = job.name();
    this.sink = DeadLetterSinks.create(job, workDir);
  }

  /** Counts and writes one batch of dead letters of {@code source}; returns this batch's counts. */
  Map<ErrorKind, Long> route(String source, Dataset<Row> deadLetters) {
    Map<ErrorKind, Long> refused = DeadLetterCounters.countByKind(deadLetters);
    route(source, refused, () -> deadLetters);
    return refused;
  }

  /** Writes one batch's dead letters of {@code source}, already counted; read only when there are some. */
  void route(String source, Map<ErrorKind, Long> refused, Supplier<Dataset<Row>> deadLetters) {
    counters.add(refused);
    long total = refused.values().stream().mapToLong(Long::longValue).sum();
    if (total > 0) {
      sink.write(deadLetters.get());
      LOG.warn("{}: {} records of {} dead-lettered to {}: {}", jobName, total, source, sink.describe(), refused);
    }
  }

  DeadLetterCounters counters() {
    return counters;
  }
}
