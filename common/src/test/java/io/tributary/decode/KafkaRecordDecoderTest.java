package io.tributary.decode;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.deadletter.DeadLetterCounters;
import io.tributary.deadletter.DeadLetters;
import io.tributary.deadletter.PathDeadLetterSink;
import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import io.tributary.schema.DecodeLimits;
import io.tributary.schema.ErrorKind;
import io.tributary.schema.ThriftSchema;
import io.tributary.schema.WireProtocol;
import io.tributary.shaded.thrift.TSerializer;
import io.tributary.shaded.thrift.protocol.TCompactProtocol;
import io.tributary.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class KafkaRecordDecoderTest {
  /** The columns of Spark's Kafka source that the decoder reads. */
  static final StructType KAFKA_SOURCE = new StructType()
      .add("key", DataTypes.BinaryType)
      .add("value", DataTypes.BinaryType)
      .add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType)
      .add("timestamp", DataTypes.TimestampType);

  @Test
  @Timeout(180)
  void everyRecordEndsAsAnEventOrADeadLetterWithItsReason(@TempDir Path dir) throws Exception {
    SparkSession spark = LocalSpark.get();
    TSerializer serializer = new TSerializer(new TCompactProtocol.Factory());
    List<Row> records = new ArrayList<>();
    Map<Long, ErrorKind> expectedDeadLetters = new HashMap<>();
    for (long offset = 0; offset < 1000; offset++) {
      ListingEvent event = new ListingEvent(offset, offset % 50, Operation.UPSERT, 1_496_620_800_000L + offset)
          .setTitle("listing " + offset).setThumbnail(new byte[] {(byte) offset, (byte) 0xfe});
      byte[] value = serializer.serialize(event);
      if (offset % 97 == 0) {
        value = Arrays.copyOf(value, value.length / 2);
        expectedDeadLetters.put(offset, ErrorKind.TRUNCATED);
      } else if (offset % 89 == 0) {
        value = null;
        expectedDeadLetters.put(offset, ErrorKind.EMPTY_PAYLOAD);
      }
      records.add(RowFactory.create(null, value, "listings", (int) (offset % 3), offset, new Timestamp(0)));
    }
    Dataset<Row> kafka = spark.createDataFrame(records, KAFKA_SOURCE).repartition(3);

    KafkaRecordDecoder decoder = new KafkaRecordDecoder("listings", ListingEvent.class, WireProtocol.COMPACT,
        DecodeLimits.DEFAULT);
    DeadLetterCounters counters = new DeadLetterCounters();
    Path deadLetterPath = dir.resolve("dead-letters");
    DecodedBatch batch = decoder.decode(kafka);
    assertEquals(ThriftSchema.of(ListingEvent.class), batch.events().schema(),
        "events have exactly the Thrift schema, nullability included");
    assertEquals(1000 - expectedDeadLetters.size(), batch.events().count());
    Row first = batch.events().where("mutation_id = 1").first();
    assertEquals("listing 1", first.getString(first.fieldIndex("title")));
    assertArrayEquals(new byte[] {1, (byte) 0xfe}, (byte[]) first.get(first.fieldIndex("thumbnail")));
    assertEquals(1000, batch.recordCount(), "the events were read twice, the records are counted once");

    new PathDeadLetterSink(deadLetterPath.toString(), "json").write(batch.deadLetters());
    Map<ErrorKind, Long> perKind = counters.add(batch.deadLetters());
    assertEquals(batch.refusedByKind(), perKind, "the tally's counts are the dead letters' counts");
    assertEquals(expectedDeadLetters.values().stream().filter(k -> k == ErrorKind.TRUNCATED).count(),
        perKind.get(ErrorKind.TRUNCATED));
    assertEquals(expectedDeadLetters.values().stream().filter(k -> k == ErrorKind.EMPTY_PAYLOAD).count(),
        perKind.get(ErrorKind.EMPTY_PAYLOAD));

    List<Row> written = spark.read().schema(DeadLetters.SCHEMA).json(deadLetterPath.toString()).collectAsList();
    assertEquals(expectedDeadLetters.size(), written.size());
    for (Row deadLetter : written) {
      long offset = deadLetter.getLong(deadLetter.fieldIndex(DeadLetters.OFFSET));
      assertEquals(expectedDeadLetters.get(offset).name(), deadLetter.getString(deadLetter.fieldIndex(DeadLetters.ERROR_KIND)));
      assertEquals("listings", deadLetter.getString(deadLetter.fieldIndex(DeadLetters.TOPIC)));
      assertEquals((int) (offset % 3), deadLetter.getInt(deadLetter.fieldIndex(DeadLetters.PARTITION)));
      assertTrue(!deadLetter.getString(deadLetter.fieldIndex(DeadLetters.ERROR_MESSAGE)).isEmpty());
      if (expectedDeadLetters.get(offset) == ErrorKind.TRUNCATED) {
        byte[] full = serializer.serialize(new ListingEvent(offset, offset % 50, Operation.UPSERT, 1_496_620_800_000L + offset)
            .setTitle("listing " + offset).setThumbnail(new byte[] {(byte) offset, (byte) 0xfe}));
        assertArrayEquals(Arrays.copyOf(full, full.length / 2), (byte[]) deadLetter.get(deadLetter.fieldIndex(DeadLetters.PAYLOAD)),
            "the raw bytes are kept exactly");
      }
    }
    assertEquals(expectedDeadLetters.size(), counters.total());
  }

  /**
   * The dead letters do not depend on how the events were read: not at all, only in part (a LIMIT stops the
   * tasks early), or with more refusals in a partition than are carried to the driver.
   */
  @Test
  @Timeout(180)
  void deadLettersAreCompleteHoweverTheEventsWereRead() throws Exception {
    SparkSession spark = LocalSpark.get();
    TSerializer serializer = new TSerializer(new TCompactProtocol.Factory());
    int records = 4 * KafkaRecordDecoder.MAX_HELD_REFUSALS;
    List<Row> rows = new ArrayList<>();
    long refused = 0;
    for (long offset = 0; offset < records; offset++) {
      // Kafka partition 0: all refused, more than a Spark partition carries to the driver; 1 and 2: every 10th.
      int partition = (int) (offset % 3);
      boolean bad = partition == 0 || offset % 10 == 1;
      byte[] value = bad ? new byte[] {(byte) 0xff, 1, 2} : serialize(serializer, offset);
      refused += bad ? 1 : 0;
      rows.add(RowFactory.create(null, value, "listings", partition, offset, new Timestamp(0)));
    }
    // Hashed by Kafka partition, so all of partition 0's refusals are in one Spark partition.
    Dataset<Row> kafka = spark.createDataFrame(rows, KAFKA_SOURCE).repartition(3, col("partition"));
    KafkaRecordDecoder decoder = new KafkaRecordDecoder("listings", ListingEvent.class, WireProtocol.COMPACT,
        DecodeLimits.DEFAULT);

    DecodedBatch unread = decoder.decode(kafka);
    assertEquals(refused, unread.deadLetters().count(), "events never read");
    assertEquals(records, unread.recordCount());

    DecodedBatch partlyRead = decoder.decode(kafka);
    assertEquals(5, partlyRead.events().limit(5).collectAsList().size());
    assertEquals(records, partlyRead.recordCount(), "events read in part");
    assertEquals(refused, partlyRead.deadLetters().count());
    assertEquals(refused, partlyRead.refusedByKind().values().stream().mapToLong(Long::longValue).sum());

    DecodedBatch read = decoder.decode(kafka);
    assertEquals(records - refused, read.events().count());
    List<Row> deadLetters = read.deadLetters().collectAsList();
    assertEquals(refused, deadLetters.size(), "events read, partition 0's decoded again for its dead letters");
    assertEquals(refused, deadLetters.stream().map(r -> r.getLong(r.fieldIndex(DeadLetters.OFFSET))).distinct().count(),
        "each refused record once");
  }

  private static byte[] serialize(TSerializer serializer, long offset) throws Exception {
    return serializer.serialize(new ListingEvent(offset, offset % 50, Operation.UPSERT, 1_496_620_800_000L + offset));
  }
}
