package io.tributary.decode;

import io.tributary.schema.ErrorKind;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.AccumulatorV2;

/**
 * What decoding the partitions of one batch found besides the events: per Spark partition, how many records it read
 * and which it refused. Filled by the tasks that decode (the sink's write), so the dead letters need no second pass
 * over the batch and the batch needs no cache.
 *
 * <p>Keyed by partition index, so a partition decoded twice (a retried write, a recomputed stage, a speculative
 * task) is counted once: decoding is deterministic, the later report replaces the earlier.
 */
final class DecodeTally extends AccumulatorV2<DecodeTally.Partition, Map<Integer, DecodeTally.Partition>> {
  private static final long serialVersionUID = 1L;

  /**
   * One partition, decoded to its end. {@code refused} holds its refusals as rows of
   * {@link KafkaRecordDecoder#REFUSAL_SCHEMA} unless there were too many to carry to the driver
   * ({@code allRefusedHeld} false): then the driver decodes that partition again for its dead letters.
   */
  record Partition(int index, long records, Map<ErrorKind, Long> refusedByKind, List<InternalRow> refused,
      boolean allRefusedHeld) implements Serializable {
    long refusedCount() {
      return refusedByKind.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Map<Integer, Partition> partitions = new HashMap<>();

  @Override
  public boolean isZero() {
    return partitions.isEmpty();
  }

  @Override
  public DecodeTally copy() {
    DecodeTally copy = new DecodeTally();
    synchronized (partitions) {
      copy.partitions.putAll(partitions);
    }
    return copy;
  }

  @Override
  public void reset() {
    synchronized (partitions) {
      partitions.clear();
    }
  }

  @Override
  public void add(Partition partition) {
    synchronized (partitions) {
      partitions.put(partition.index(), partition);
    }
  }

  @Override
  public void merge(AccumulatorV2<Partition, Map<Integer, Partition>> other) {
    Map<Integer, Partition> theirs = other.value();
    synchronized (partitions) {
      partitions.putAll(theirs);
    }
  }

  @Override
  public Map<Integer, Partition> value() {
    synchronized (partitions) {
      return new HashMap<>(partitions);
    }
  }

  /** Refusal counts per kind over the given partitions. */
  static Map<ErrorKind, Long> refusedByKind(Iterable<Partition> partitions) {
    Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    for (Partition partition : partitions) {
      partition.refusedByKind().forEach((kind, n) -> byKind.merge(kind, n, Long::sum));
    }
    return byKind;
  }
}
