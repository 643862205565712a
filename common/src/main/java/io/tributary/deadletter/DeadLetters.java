package io.tributary.deadletter;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The shape of a dead letter: where the record came from, why it was refused, and its raw bytes. */
public final class DeadLetters {
  public static final String SOURCE = "source";
  public static final String TOPIC = "topic";
  public static final String PARTITION = "partition";
  public static final String OFFSET = "offset";
  public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
  public static final String ERROR_KIND = "error_kind";
  public static final String ERROR_MESSAGE = "error_message";
  public static final String PAYLOAD = "payload";
  public static final String FAILED_AT = "failed_at";

  public static final StructType SCHEMA = new StructType()
      .add(SOURCE, DataTypes.StringType, false)
      .add(TOPIC, DataTypes.StringType, true)
      .add(PARTITION, DataTypes.IntegerType, true)
      .add(OFFSET, DataTypes.LongType, true)
      .add(KAFKA_TIMESTAMP, DataTypes.TimestampType, true)
      .add(ERROR_KIND, DataTypes.StringType, false)
      .add(ERROR_MESSAGE, DataTypes.StringType, false)
      .add(PAYLOAD, DataTypes.BinaryType, true)
      .add(FAILED_AT, DataTypes.TimestampType, false);

  private DeadLetters() {}
}
