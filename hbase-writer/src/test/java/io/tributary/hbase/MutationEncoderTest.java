package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.sink.SinkWriteException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MutationEncoderTest {

  @Test
  void everyCellEncodingDecodesToTheValueWritten() {
    assertRoundTrip(1_000_042L, DataTypes.LongType);
    assertRoundTrip(-7, DataTypes.IntegerType);
    assertRoundTrip((short) 6, DataTypes.ShortType);
    assertRoundTrip((byte) -3, DataTypes.ByteType);
    assertRoundTrip(123.25, DataTypes.DoubleType);
    assertRoundTrip(1.5f, DataTypes.FloatType);
    assertRoundTrip(true, DataTypes.BooleanType);
    assertRoundTrip(false, DataTypes.BooleanType);
    assertRoundTrip("Sunny loft with a view", DataTypes.StringType);
    assertRoundTrip("[{\"url\":\"x\"}]", DataTypes.StringType); // a complex column, already JSON
    assertEquals(Instant.ofEpochMilli(1_795_132_800_123L), decode(new Timestamp(1_795_132_800_123L),
        DataTypes.TimestampType));
    assertEquals("12.50", decode(new BigDecimal("12.50"), DataTypes.createDecimalType(10, 2)));
    byte[] binary = {0, (byte) 0xFF, 0x7F};
    assertArrayEquals(binary, (byte[]) decode(binary, DataTypes.BinaryType));
  }

  @Test
  void internalRowsEncodeExactlyLikeRows() {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("version", DataTypes.LongType, true)
        .add("op", DataTypes.StringType, true)
        .add("s", DataTypes.StringType, true)
        .add("l", DataTypes.LongType, true)
        .add("i", DataTypes.IntegerType, true)
        .add("sh", DataTypes.ShortType, true)
        .add("b", DataTypes.ByteType, true)
        .add("d", DataTypes.DoubleType, true)
        .add("f", DataTypes.FloatType, true)
        .add("z", DataTypes.BooleanType, true)
        .add("bin", DataTypes.BinaryType, true);
    StructType withOthers = schema
        .add("dec", DataTypes.createDecimalType(10, 2), true)
        .add("day", DataTypes.DateType, true)
        .add("ts", DataTypes.TimestampType, true);
    Map<String, Object> options = Map.of("table", "t", "zookeeper_quorum", "127.0.0.1:1", "row_key_column", "id",
        "column_family", "d", "version_column", "version", "delete_column", "op");
    HBaseSinkConfig config = TestHBase.create(options).config();
    MutationEncoder direct = new MutationEncoder(config, schema, config.valueColumns(schema));
    MutationEncoder fallback = new MutationEncoder(config, withOthers, config.valueColumns(withOthers));
    Object[] values = {7L, 42L, "UPSERT", "Zürich loft", 1_000_042L, -7, (short) 6, (byte) -3, 123.25, 1.5f, true,
        new byte[] {0, (byte) 0xFF}};
    Object[] others = {new BigDecimal("12.50"), java.sql.Date.valueOf("2026-11-20"),
        new Timestamp(1_795_132_800_123L)};
    assertSameMutation(direct, schema, RowFactory.create(values));
    assertSameMutation(direct, schema, RowFactory.create(7L, 42L, "UPSERT", null, null, null, null, null, null, null,
        null, null));
    assertSameMutation(direct, schema, RowFactory.create(7L, 42L, "DELETE", null, null, null, null, null, null, null,
        null, null));
    Object[] all = new Object[values.length + others.length];
    System.arraycopy(values, 0, all, 0, values.length);
    System.arraycopy(others, 0, all, values.length, others.length);
    assertSameMutation(fallback, withOthers, RowFactory.create(all));
    Object[] nullVersion = all.clone();
    nullVersion[1] = null;
    Row bad = RowFactory.create(nullVersion);
    InternalRow badInternal = (InternalRow) CatalystTypeConverters.createToCatalystConverter(withOthers).apply(bad);
    SinkWriteException fromRow = assertThrows(SinkWriteException.class, () -> fallback.encode(bad, new byte[] {1}));
    SinkWriteException fromInternal = assertThrows(SinkWriteException.class,
        () -> fallback.encode(badInternal, new byte[] {1}));
    assertEquals(fromRow.getMessage(), fromInternal.getMessage());
  }

  private static void assertSameMutation(MutationEncoder encoder, StructType schema, Row row) {
    InternalRow internal = (InternalRow) CatalystTypeConverters.createToCatalystConverter(schema).apply(row);
    byte[] key = {1, 2};
    assertEquals(describe(encoder.encode(row, key)), describe(encoder.encode(internal, key)), row.toString());
  }

  private static String describe(RowMutation m) {
    StringBuilder out = new StringBuilder(m.describe()).append(" delete=").append(m.delete());
    for (int i = 0; i < m.qualifiers().length; i++) {
      out.append(' ').append(Bytes.toStringBinary(m.qualifiers()[i])).append('=')
          .append(m.values()[i] == null ? "null" : Bytes.toStringBinary(m.values()[i]));
    }
    return out.toString();
  }

  private static void assertRoundTrip(Object value, DataType type) {
    assertEquals(value, decode(value, type), type.simpleString());
  }

  private static Object decode(Object value, DataType type) {
    return MutationEncoder.decodeValue(MutationEncoder.encodeValue(value, type), type);
  }
}
