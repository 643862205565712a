package io.tributary.decode;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One batch of Kafka records split in two: the events, typed by the Thrift schema, and the dead letters.
 * Both read from one cached decode, so every record lands in exactly one of them; close to release it.
 */
public final class DecodedBatch implements AutoCloseable {
  private final JavaRDD<InternalRow> decoded;
  private final Dataset<Row> events;
  private final Dataset<Row> deadLetters;

  DecodedBatch(JavaRDD<InternalRow> decoded, Dataset<Row> events, Dataset<Row> deadLetters) {
    this.decoded = decoded;
    this.events = events;
    this.deadLetters = deadLetters;
  }

  /** How many Kafka records the batch held, decoded or not. The first call decodes and caches the batch. */
  public long recordCount() {
    return decoded.count();
  }

  /** Decoded events: exactly the columns of the Thrift struct, as a Hive table of the same type has them. */
  public Dataset<Row> events() {
    return events;
  }

  /** Refused records, in {@link io.tributary.deadletter.DeadLetters#SCHEMA}. */
  public Dataset<Row> deadLetters() {
    return deadLetters;
  }

  @Override
  public void close() {
    decoded.unpersist(false);
  }
}
