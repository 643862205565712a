package io.tributary.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.tributary.deadletter.DeadLetters;
import io.tributary.schema.DecodeException;
import io.tributary.schema.DecodeLimits;
import io.tributary.schema.ErrorKind;
import io.tributary.schema.ThriftRowDecoder;
import io.tributary.schema.ThriftSchema;
import io.tributary.schema.WireProtocol;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns a DataFrame of Kafka records (Spark's Kafka source columns) into Thrift-typed events and dead letters.
 * A bad record never fails the task: whatever the decoder refuses, or even throws, becomes a dead letter
 * with the record's topic, partition, offset, the reason and the raw bytes.
 */
public final class KafkaRecordDecoder implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String EVENT = "event";

  private final String sourceName;
  private final String thriftClassName;
  private final WireProtocol protocol;
  private final DecodeLimits limits;
  private final StructType eventSchema;

  public KafkaRecordDecoder(String sourceName, Class<?> thriftClass, WireProtocol protocol, DecodeLimits limits) {
    this.sourceName = sourceName;
    this.thriftClassName = thriftClass.getName();
    this.protocol = protocol;
    this.limits = limits;
    this.eventSchema = ThriftSchema.of(thriftClass);
  }

  public StructType eventSchema() {
    return eventSchema;
  }

  /** The rows one decode produces: the event (null when refused) beside the record's origin and any error. */
  private StructType decodedSchema() {
    return new StructType()
        .add(EVENT, eventSchema, true)
        .add(DeadLetters.TOPIC, DataTypes.StringType, true)
        .add(DeadLetters.PARTITION, DataTypes.IntegerType, true)
        .add(DeadLetters.OFFSET, DataTypes.LongType, true)
        .add(DeadLetters.KAFKA_TIMESTAMP, DataTypes.TimestampType, true)
        .add(DeadLetters.ERROR_KIND, DataTypes.StringType, true)
        .add(DeadLetters.ERROR_MESSAGE, DataTypes.StringType, true)
        .add(DeadLetters.PAYLOAD, DataTypes.BinaryType, true);
  }

  /**
   * Decodes one batch. {@code kafkaRecords} needs the Kafka source's {@code value}, {@code topic},
   * {@code partition}, {@code offset} and {@code timestamp} columns.
   */
  public DecodedBatch decode(Dataset<Row> kafkaRecords) {
    SparkSession spark = kafkaRecords.sparkSession();
    RDD<InternalRow> records = kafkaRecords
        .select(col("value"), col("topic"), col("partition"), col("offset"), col("timestamp"))
        .queryExecution().toRdd();
    // Cached as the rows themselves (an RDD of UnsafeRows), not as a Dataset: a Dataset cache would first
    // convert every nested row to Spark's columnar cache format, which costs more than decoding.
    JavaRDD<InternalRow> decodedRows = records.toJavaRDD().mapPartitions(this::decodePartition)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // internalCreateDataFrame is Spark-internal (private[sql] in Scala, public to Java); it takes
    // InternalRows as they are, where the public createDataFrame would convert every row through Row objects.
    Dataset<Row> decoded = spark.internalCreateDataFrame(decodedRows.rdd(), decodedSchema(), false);
    // Unnested by hand rather than with select("event.*"): Spark would widen the required fields to nullable.
    int eventFields = eventSchema.size();
    RDD<InternalRow> eventRows = decoded.where(col(EVENT).isNotNull()).select(col(EVENT)).queryExecution().toRdd()
        .toJavaRDD().map(row -> (InternalRow) row.getStruct(0, eventFields).copy()).rdd();
    Dataset<Row> events = spark.internalCreateDataFrame(eventRows, eventSchema, false);
    Dataset<Row> deadLetters = decoded.where(col(DeadLetters.ERROR_KIND).isNotNull()).select(
        lit(sourceName).as(DeadLetters.SOURCE),
        col(DeadLetters.TOPIC), col(DeadLetters.PARTITION), col(DeadLetters.OFFSET), col(DeadLetters.KAFKA_TIMESTAMP),
        col(DeadLetters.ERROR_KIND), col(DeadLetters.ERROR_MESSAGE), col(DeadLetters.PAYLOAD),
        current_timestamp().as(DeadLetters.FAILED_AT));
    return new DecodedBatch(decodedRows, events, deadLetters);
  }

  private Iterator<InternalRow> decodePartition(Iterator<InternalRow> records) {
    ThriftRowDecoder decoder = ThriftRowDecoder.create(ThriftSchema.loadClass(thriftClassName), protocol, limits);
    UnsafeRowWriter out = new UnsafeRowWriter(8, 2048);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public InternalRow next() {
        InternalRow record = records.next();
        out.reset();
        out.zeroOutNullBytes();
        copyOrigin(record, out);
        byte[] payload = record.isNullAt(0) ? null : record.getBinary(0);
        try {
          if (payload == null) {
            throw new DecodeException(ErrorKind.EMPTY_PAYLOAD, "record has no value (a tombstone?)");
          }
          UnsafeRow event = decoder.decode(payload);
          out.write(0, event);
          out.setNullAt(5);
          out.setNullAt(6);
          out.setNullAt(7);
        } catch (DecodeException e) {
          refuse(out, e.kind(), e.getMessage(), payload);
        } catch (RuntimeException | StackOverflowError e) {
          // A decoder bug must not kill an always-on job; the record is kept for replay once fixed.
          refuse(out, ErrorKind.DECODER_ERROR, e.toString(), payload);
        }
        return out.getRow().copy();
      }
    };
  }

  private static void copyOrigin(InternalRow record, UnsafeRowWriter out) {
    if (record.isNullAt(1)) {
      out.setNullAt(1);
    } else {
      out.write(1, record.getUTF8String(1));
    }
    for (int i = 2; i <= 4; i++) {
      if (record.isNullAt(i)) {
        out.setNullAt(i);
      } else if (i == 2) {
        out.write(2, record.getInt(2));
      } else {
        out.write(i, record.getLong(i)); // offset, and the timestamp in microseconds
      }
    }
  }

  private static void refuse(UnsafeRowWriter out, ErrorKind kind, String message, byte[] payload) {
    // The event is decoded into the decoder's own buffer and only copied here on success, so nothing is half written.
    out.setNullAt(0);
    out.write(5, UTF8String.fromString(kind.name()));
    out.write(6, UTF8String.fromBytes(message.getBytes(StandardCharsets.UTF_8)));
    if (payload == null) {
      out.setNullAt(7);
    } else {
      out.write(7, payload);
    }
  }
}
