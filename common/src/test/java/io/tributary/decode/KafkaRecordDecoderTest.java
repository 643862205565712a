package io.tributary.decode;

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
    try (DecodedBatch batch = decoder.decode(kafka)) {
      assertEquals(ThriftSchema.of(ListingEvent.class), batch.events().schema(),
          "events have exactly the Thrift schema, nullability included");
      assertEquals(1000 - expectedDeadLetters.size(), batch.events().count());
      Row first = batch.events().where("mutation_id = 1").first();
      assertEquals("listing 1", first.getString(first.fieldIndex("title")));
      assertArrayEquals(new byte[] {1, (byte) 0xfe}, (byte[]) first.get(first.fieldIndex("thumbnail")));

      new PathDeadLetterSink(deadLetterPath.toString(), "json").write(batch.deadLetters());
      Map<ErrorKind, Long> perKind = counters.add(batch.deadLetters());
      assertEquals(expectedDeadLetters.values().stream().filter(k -> k == ErrorKind.TRUNCATED).count(),
          perKind.get(ErrorKind.TRUNCATED));
      assertEquals(expectedDeadLetters.values().stream().filter(k -> k == ErrorKind.EMPTY_PAYLOAD).count(),
          perKind.get(ErrorKind.EMPTY_PAYLOAD));
    }

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
}
