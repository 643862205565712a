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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns a DataFrame of Kafka records (Spark's Kafka source columns) into Thrift-typed events and dead letters.
 * A bad record never fails the task: whatever the decoder refuses, or even throws, becomes a dead letter
 * with the record's topic, partition, offset, the reason and the raw bytes.
 */
public final class KafkaRecordDecoder implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A refused record: its origin, the reason and its bytes; a dead letter once the source and time are added. */
  static final StructType REFUSAL_SCHEMA = new StructType()
      .add(DeadLetters.TOPIC, DataTypes.StringType, true)
      .add(DeadLetters.PARTITION, DataTypes.IntegerType, true)
      .add(DeadLetters.OFFSET, DataTypes.LongType, true)
      .add(DeadLetters.KAFKA_TIMESTAMP, DataTypes.TimestampType, true)
      .add(DeadLetters.ERROR_KIND, DataTypes.StringType, true)
      .add(DeadLetters.ERROR_MESSAGE, DataTypes.StringType, true)
      .add(DeadLetters.PAYLOAD, DataTypes.BinaryType, true);
  /** Refusals a partition carries to the driver in its tally; past either bound the driver decodes it again. */
  static final int MAX_HELD_REFUSALS = 1000;
  static final long MAX_HELD_REFUSAL_BYTES = 8L << 20;

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

  /**
   * Decodes one batch. {@code kafkaRecords} needs the Kafka source's {@code value}, {@code topic},
   * {@code partition}, {@code offset} and {@code timestamp} columns. Nothing runs until the events are read; the
   * tasks that read them also tally the records and keep the refused ones for {@link DecodedBatch#deadLetters()}.
   */
  public DecodedBatch decode(Dataset<Row> kafkaRecords) {
    SparkSession spark = kafkaRecords.sparkSession();
    RDD<InternalRow> records = kafkaRecords
        .select(col("value"), col("topic"), col("partition"), col("offset"), col("timestamp"))
        .queryExecution().toRdd();
    DecodeTally tally = new DecodeTally();
    // Unnamed: Spark copies the value of named accumulators into every task's and stage's info for the UI.
    spark.sparkContext().register(tally);
    // Not cached: sinks read their input once, and caching cost more than decoding (sizing every cached row).
    RDD<InternalRow> eventRows = records.toJavaRDD()
        .mapPartitionsWithIndex((index, partition) -> events(index, partition, tally), true).rdd();
    // internalCreateDataFrame is Spark-internal (private[sql] in Scala, public to Java); it takes
    // InternalRows as they are, where the public createDataFrame would convert every row through Row objects.
    Dataset<Row> events = spark.internalCreateDataFrame(eventRows, eventSchema, false);
    return new DecodedBatch(this, records, eventRows, events, tally);
  }

  /** The dead letters of {@code refusals} (rows of {@link #REFUSAL_SCHEMA}), stamped with this source and now. */
  Dataset<Row> deadLetters(SparkSession spark, RDD<InternalRow> refusals) {
    Dataset<Row> refused = spark.internalCreateDataFrame(refusals, REFUSAL_SCHEMA, false);
    return refused.select(lit(sourceName).as(DeadLetters.SOURCE),
        col(DeadLetters.TOPIC), col(DeadLetters.PARTITION), col(DeadLetters.OFFSET), col(DeadLetters.KAFKA_TIMESTAMP),
        col(DeadLetters.ERROR_KIND), col(DeadLetters.ERROR_MESSAGE), col(DeadLetters.PAYLOAD),
        current_timestamp().as(DeadLetters.FAILED_AT));
  }

  /** The events of one partition; once it is read to its end, its tally (count, refusals) goes to {@code tally}. */
  private Iterator<InternalRow> events(int index, Iterator<InternalRow> records, DecodeTally tally) {
    ThriftRowDecoder decoder = newDecoder();
    UnsafeRowWriter refusal = new UnsafeRowWriter(REFUSAL_SCHEMA.size(), 256);
    HeldRefusals held = new HeldRefusals();
    return new Iterator<>() {
      private UnsafeRow next;
      private long count;
      private boolean tallied;

      @Override
      public boolean hasNext() {
        while (next == null && records.hasNext()) {
          count++;
          next = decodeOrRefuse(records.next(), decoder, refusal);
          if (next == null) {
            held.add(refusal.getRow());
          }
        }
        if (next == null && !tallied) {
          tallied = true;
          tally.add(held.tally(index, count));
        }
        return next != null;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        UnsafeRow event = next;
        next = null;
        return event; // the decoder's own buffer, reused for the next record: Spark's scan copies each row it reads
      }
    };
  }

  /** The refusals of one partition, decoded again (rows of {@link #REFUSAL_SCHEMA}, one buffer reused). */
  Iterator<InternalRow> refusals(Iterator<InternalRow> records) {
    ThriftRowDecoder decoder = newDecoder();
    UnsafeRowWriter refusal = new UnsafeRowWriter(REFUSAL_SCHEMA.size(), 256);
    return new Iterator<>() {
      private boolean ready;

      @Override
      public boolean hasNext() {
        while (!ready && records.hasNext()) {
          ready = decodeOrRefuse(records.next(), decoder, refusal) == null;
        }
        return ready;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return refusal.getRow();
      }
    };
  }

  private ThriftRowDecoder newDecoder() {
    return ThriftRowDecoder.create(ThriftSchema.loadClass(thriftClassName), protocol, limits);
  }

  /**
   * Decodes one record to its event, or writes why not (and its origin and bytes) into {@code refusal} and returns
   * null. A bad record never fails the task: whatever the decoder refuses, or even throws, is a refusal.
   */
  private static UnsafeRow decodeOrRefuse(InternalRow record, ThriftRowDecoder decoder, UnsafeRowWriter refusal) {
    byte[] payload = record.isNullAt(0) ? null : record.getBinary(0);
    ErrorKind kind;
    String message;
    try {
      if (payload == null) {
        throw new DecodeException(ErrorKind.EMPTY_PAYLOAD, "record has no value (a tombstone?)");
      }
      return decoder.decode(payload);
    } catch (DecodeException e) {
      kind = e.kind();
      message = e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      // A decoder bug must not kill an always-on job; the record is kept for replay once fixed.
      kind = ErrorKind.DECODER_ERROR;
      message = e.toString();
    }
    refusal.reset();
    refusal.zeroOutNullBytes();
    copyOrigin(record, refusal);
    refusal.write(4, UTF8String.fromString(kind.name()));
    refusal.write(5, UTF8String.fromBytes(message.getBytes(StandardCharsets.UTF_8)));
    if (payload == null) {
      refusal.setNullAt(6);
    } else {
      refusal.write(6, payload);
    }
    return null;
  }

  /** Topic, partition, offset and timestamp (record columns 1-4) into refusal columns 0-3. */
  private static void copyOrigin(InternalRow record, UnsafeRowWriter refusal) {
    for (int i = 1; i <= 4; i++) {
      if (record.isNullAt(i)) {
        refusal.setNullAt(i - 1);
      } else if (i == 1) {
        refusal.write(0, record.getUTF8String(1));
      } else if (i == 2) {
        refusal.write(1, record.getInt(2));
      } else {
        refusal.write(i - 1, record.getLong(i)); // offset, and the timestamp in microseconds
      }
    }
  }

  /** A partition's refusals counted by kind, and copies of them while they stay within the bounds. */
  private static final class HeldRefusals {
    private final Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    private final List<InternalRow> rows = new ArrayList<>();
    private long bytes;
    private boolean allHeld = true;

    void add(UnsafeRow refusal) {
      byKind.merge(ErrorKind.valueOf(refusal.getUTF8String(4).toString()), 1L, Long::sum);
      if (!allHeld) {
        return;
      }
      bytes += refusal.getSizeInBytes();
      if (rows.size() >= MAX_HELD_REFUSALS || bytes > MAX_HELD_REFUSAL_BYTES) {
        allHeld = false;
        rows.clear();
      } else {
        rows.add(refusal.copy());
      }
    }

    DecodeTally.Partition tally(int index, long records) {
      return new DecodeTally.Partition(index, records, byKind, rows, allHeld);
    }
  }
}
