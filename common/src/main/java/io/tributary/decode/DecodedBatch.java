package io.tributary.decode;

import io.tributary.schema.ErrorKind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.runtime.AbstractFunction1;

/**
 * One batch of Kafka records split in two: the events, typed by the Thrift schema, and the dead letters. Every
 * record lands in exactly one of them. The events are decoded when first read (normally by the sink's write),
 * and those same tasks tally the batch: how many records, which refused. Counts and dead letters come from that
 * tally; partitions the reads did not decode to their end (none, for the sinks here) are decoded once more for it.
 */
public final class DecodedBatch {
  private final KafkaRecordDecoder decoder;
  private final RDD<InternalRow> records;
  private final RDD<InternalRow> eventRows;
  private final Dataset<Row> events;
  private final DecodeTally tally;

  DecodedBatch(KafkaRecordDecoder decoder, RDD<InternalRow> records, RDD<InternalRow> eventRows, Dataset<Row> events,
      DecodeTally tally) {
    this.decoder = decoder;
    this.records = records;
    this.eventRows = eventRows;
    this.events = events;
    this.tally = tally;
  }

  /** Decoded events: exactly the columns of the Thrift struct, as a Hive table of the same type has them. */
  public Dataset<Row> events() {
    return events;
  }

  /** How many Kafka records the batch held, decoded or not. */
  public long recordCount() {
    return tallied().values().stream().mapToLong(DecodeTally.Partition::records).sum();
  }

  /** How many records were refused, per reason. */
  public Map<ErrorKind, Long> refusedByKind() {
    return DecodeTally.refusedByKind(tallied().values());
  }

  /** Refused records, in {@link io.tributary.deadletter.DeadLetters#SCHEMA}. */
  public Dataset<Row> deadLetters() {
    SparkSession spark = events.sparkSession();
    List<InternalRow> held = new ArrayList<>();
    Set<Integer> decodeAgain = new TreeSet<>();
    for (DecodeTally.Partition partition : tallied().values()) {
      if (partition.allRefusedHeld()) {
        held.addAll(partition.refused());
      } else {
        decodeAgain.add(partition.index());
      }
    }
    JavaRDD<InternalRow> refusals = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(held, 1);
    if (!decodeAgain.isEmpty()) {
      // Too many refusals to carry to the driver: read those partitions again and keep only their refusals.
      refusals = refusals.union(PartitionPruningRDD.create(records, new PartitionsIn(decodeAgain)).toJavaRDD()
          .mapPartitions(decoder::refusals));
    }
    return decoder.deadLetters(spark, refusals.rdd());
  }

  /** The tally of every partition, decoding those no read has taken to their end yet. */
  private Map<Integer, DecodeTally.Partition> tallied() {
    Map<Integer, DecodeTally.Partition> partitions = tally.value();
    Set<Integer> missing = new TreeSet<>();
    for (int index = 0; index < eventRows.getNumPartitions(); index++) {
      if (!partitions.containsKey(index)) {
        missing.add(index);
      }
    }
    if (!missing.isEmpty()) {
      PartitionPruningRDD.create(eventRows, new PartitionsIn(missing)).count(); // the decode reports to the tally
      partitions = tally.value();
    }
    if (partitions.size() != eventRows.getNumPartitions()) {
      throw new IllegalStateException("decoded " + partitions.size() + " of " + eventRows.getNumPartitions()
          + " partitions, but every partition was read to its end");
    }
    return partitions;
  }

  /** Partition filter of {@link PartitionPruningRDD}; it travels with the RDD, so it must be serializable. */
  private static final class PartitionsIn extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Set<Integer> indexes;

    PartitionsIn(Set<Integer> indexes) {
      this.indexes = new TreeSet<>(indexes);
    }

    @Override
    public Object apply(Object index) {
      return indexes.contains((Integer) index);
    }
  }
}
