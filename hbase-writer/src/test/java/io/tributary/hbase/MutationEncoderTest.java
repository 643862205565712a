package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
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

  private static void assertRoundTrip(Object value, DataType type) {
    assertEquals(value, decode(value, type), type.simpleString());
  }

  private static Object decode(Object value, DataType type) {
    return MutationEncoder.decodeValue(MutationEncoder.encodeValue(value, type), type);
  }
}
