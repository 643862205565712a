package io.tributary.deadletter;

import io.tributary.schema.ErrorKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Dead letters counted per error kind over the life of a job; read by the per-batch log and metrics. */
public final class DeadLetterCounters {
  private final Map<ErrorKind, LongAdder> counts = new EnumMap<>(ErrorKind.class);

  public DeadLetterCounters() {
    for (ErrorKind kind : ErrorKind.values()) {
      counts.put(kind, new LongAdder());
    }
  }

  /** Counts a batch of dead letters by kind and returns this batch's counts. */
  public Map<ErrorKind, Long> add(Dataset<Row> deadLetters) {
    Map<ErrorKind, Long> batch = countByKind(deadLetters);
    add(batch);
    return batch;
  }

  /** Adds a batch's counts per kind. */
  public void add(Map<ErrorKind, Long> batch) {
    batch.forEach((kind, n) -> counts.get(kind).add(n));
  }

  /** A batch of dead letters counted by kind (one Spark job). */
  public static Map<ErrorKind, Long> countByKind(Dataset<Row> deadLetters) {
    Map<ErrorKind, Long> batch = new EnumMap<>(ErrorKind.class);
    for (Row row : deadLetters.groupBy(DeadLetters.ERROR_KIND).count().collectAsList()) {
      batch.put(ErrorKind.valueOf(row.getString(0)), row.getLong(1));
    }
    return batch;
  }

  public long get(ErrorKind kind) {
    return counts.get(kind).sum();
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Non-zero counts, in declaration order of the kinds. */
  public Map<ErrorKind, Long> snapshot() {
    Map<ErrorKind, Long> snapshot = new EnumMap<>(ErrorKind.class);
    counts.forEach((kind, adder) -> {
      long n = adder.sum();
      if (n > 0) {
        snapshot.put(kind, n);
      }
    });
    return snapshot;
  }
}
