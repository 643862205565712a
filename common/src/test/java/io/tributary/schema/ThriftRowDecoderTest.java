package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.Amenity;
import io.tributary.events.Operation;
import io.tributary.events.ReservationEvent;
import io.tributary.events.fixtures.AllTypes;
import io.tributary.events.fixtures.Choice;
import io.tributary.events.fixtures.Color;
import io.tributary.events.fixtures.Inner;
import io.tributary.events.fixtures.InnerV2;
import io.tributary.events.fixtures.TreeNode;
import io.tributary.shaded.thrift.protocol.TField;
import io.tributary.shaded.thrift.protocol.TList;
import io.tributary.shaded.thrift.protocol.TStruct;
import io.tributary.shaded.thrift.protocol.TType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decoder's contract, run on the generated decoder (what {@link ThriftRowDecoder#create} gives); the same tests
 * run on the interpreted plan in {@link ThriftRowDecoderInterpretedTest}.
 */
class ThriftRowDecoderTest {

  ThriftRowDecoder decoder(Class<?> cls, WireProtocol protocol, DecodeLimits limits) {
    ThriftRowDecoder decoder = ThriftRowDecoder.create(cls, protocol, limits);
    assertTrue(decoder.usesGeneratedCode(), "expected the generated decoder for " + cls.getSimpleName());
    return decoder;
  }

  final ThriftRowDecoder decoder(Class<?> cls, WireProtocol protocol) {
    return decoder(cls, protocol, DecodeLimits.DEFAULT);
  }

  static byte[] allBytes() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i; // includes bytes that are not valid UTF-8
    }
    return bytes;
  }

  static AllTypes fullAllTypes() {
    AllTypes all = new AllTypes(true, (byte) -7, (short) -300, 123_456, Long.MIN_VALUE + 1, -2.5, "héllo ✓",
        ByteBuffer.wrap(allBytes()), 0);
    all.setOpt_bool(false);
    all.setOpt_byte((byte) 0);
    all.setOpt_i16((short) 0);
    all.setOpt_i32(0);
    all.setOpt_i64(0L);
    all.setOpt_double(0.0);
    all.setOpt_string("");
    all.setOpt_binary(new byte[0]);
    all.setColor(Color.BLUE);
    all.setInner(new Inner(1).setLabel("one"));
    all.setInner_list(List.of(new Inner(2), new Inner(3).setLabel("three")));
    all.setColor_set(new LinkedHashSet<>(List.of(Color.RED, Color.GREEN)));
    Map<String, Double> prices = new LinkedHashMap<>();
    prices.put("2017-06-05", 120.5);
    prices.put("2017-06-06", 99.0);
    all.setString_to_double(prices);
    Map<Integer, Inner> byInt = new LinkedHashMap<>();
    byInt.put(10, new Inner(10).setLabel("ten"));
    byInt.put(-1, new Inner(-1));
    all.setInt_to_inner(byInt);
    all.setChoice(Choice.inner(new Inner(42).setLabel("answer")));
    all.setNested_ints(List.of(List.of(1, 2, 3), List.of(), List.of(-4)));
    Map<String, List<Inner>> lists = new LinkedHashMap<>();
    lists.put("a", List.of(new Inner(5), new Inner(6)));
    lists.put("empty", List.of());
    all.setString_to_inner_list(lists);
    all.setString_set(new LinkedHashSet<>(List.of("x", "y")));
    all.setBinaries(List.of(ByteBuffer.wrap(new byte[] {0, (byte) 0xff}), ByteBuffer.wrap(new byte[0])));
    all.setDefault_requiredness(77);
    return all;
  }

  private static int ordinal(StructType schema, String name) {
    return schema.fieldIndex(name);
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void everyThriftTypeRoundTrips(WireProtocol protocol) throws Exception {
    ThriftRowDecoder decoder = decoder(AllTypes.class, protocol);
    StructType s = decoder.schema();
    UnsafeRow row = decoder.decode(ThriftBytes.serialize(fullAllTypes(), protocol));

    assertTrue(row.getBoolean(ordinal(s, "a_bool")));
    assertEquals(-7, row.getByte(ordinal(s, "a_byte")));
    assertEquals(-300, row.getShort(ordinal(s, "an_i16")));
    assertEquals(123_456, row.getInt(ordinal(s, "an_i32")));
    assertEquals(Long.MIN_VALUE + 1, row.getLong(ordinal(s, "an_i64")));
    assertEquals(-2.5, row.getDouble(ordinal(s, "a_double")));
    assertEquals("héllo ✓", row.getUTF8String(ordinal(s, "a_string")).toString());
    assertArrayEquals(allBytes(), row.getBinary(ordinal(s, "a_binary")));

    // Optional fields set to zero values are zero, not null.
    assertFalse(row.isNullAt(ordinal(s, "opt_bool")));
    assertFalse(row.getBoolean(ordinal(s, "opt_bool")));
    assertEquals(0, row.getInt(ordinal(s, "opt_i32")));
    assertEquals("", row.getUTF8String(ordinal(s, "opt_string")).toString());
    assertArrayEquals(new byte[0], row.getBinary(ordinal(s, "opt_binary")));

    assertEquals("BLUE", row.getUTF8String(ordinal(s, "color")).toString());
    InternalRow inner = row.getStruct(ordinal(s, "inner"), 2);
    assertEquals(1, inner.getInt(0));
    assertEquals("one", inner.getUTF8String(1).toString());

    ArrayData innerList = row.getArray(ordinal(s, "inner_list"));
    assertEquals(2, innerList.numElements());
    assertEquals(2, innerList.getStruct(0, 2).getInt(0));
    assertTrue(innerList.getStruct(0, 2).isNullAt(1));
    assertEquals("three", innerList.getStruct(1, 2).getUTF8String(1).toString());

    ArrayData colors = row.getArray(ordinal(s, "color_set"));
    assertEquals(Set.of("RED", "GREEN"), Set.of(colors.getUTF8String(0).toString(), colors.getUTF8String(1).toString()));

    MapData prices = row.getMap(ordinal(s, "string_to_double"));
    assertEquals(2, prices.numElements());
    Map<String, Double> decodedPrices = new LinkedHashMap<>();
    for (int i = 0; i < 2; i++) {
      decodedPrices.put(prices.keyArray().getUTF8String(i).toString(), prices.valueArray().getDouble(i));
    }
    assertEquals(Map.of("2017-06-05", 120.5, "2017-06-06", 99.0), decodedPrices);

    MapData byInt = row.getMap(ordinal(s, "int_to_inner"));
    Map<Integer, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < byInt.numElements(); i++) {
      InternalRow value = byInt.valueArray().getStruct(i, 2);
      assertEquals(byInt.keyArray().getInt(i), value.getInt(0));
      labels.put(value.getInt(0), value.isNullAt(1) ? null : value.getUTF8String(1).toString());
    }
    assertEquals("ten", labels.get(10));
    assertTrue(labels.containsKey(-1) && labels.get(-1) == null);

    InternalRow choice = row.getStruct(ordinal(s, "choice"), 3);
    assertTrue(choice.isNullAt(0));
    assertTrue(choice.isNullAt(1));
    assertEquals(42, choice.getStruct(2, 2).getInt(0));

    ArrayData nested = row.getArray(ordinal(s, "nested_ints"));
    assertEquals(3, nested.numElements());
    assertArrayEquals(new int[] {1, 2, 3}, nested.getArray(0).toIntArray());
    assertEquals(0, nested.getArray(1).numElements());
    assertArrayEquals(new int[] {-4}, nested.getArray(2).toIntArray());

    MapData innerLists = row.getMap(ordinal(s, "string_to_inner_list"));
    assertEquals(2, innerLists.numElements());
    int a = innerLists.keyArray().getUTF8String(0).toString().equals("a") ? 0 : 1;
    ArrayData aList = innerLists.valueArray().getArray(a);
    assertEquals(2, aList.numElements());
    assertEquals(6, aList.getStruct(1, 2).getInt(0));
    assertEquals(0, innerLists.valueArray().getArray(1 - a).numElements());

    ArrayData binaries = row.getArray(ordinal(s, "binaries"));
    assertArrayEquals(new byte[] {0, (byte) 0xff}, binaries.getBinary(0));
    assertArrayEquals(new byte[0], binaries.getBinary(1));
    assertEquals(77, row.getInt(ordinal(s, "default_requiredness")));
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void unsetOptionalFieldsAreNullNotZero(WireProtocol protocol) throws Exception {
    AllTypes minimal = new AllTypes(false, (byte) 0, (short) 0, 0, 0L, 0.0, "", ByteBuffer.wrap(new byte[0]), 0);
    ThriftRowDecoder decoder = decoder(AllTypes.class, protocol);
    UnsafeRow row = decoder.decode(ThriftBytes.serialize(minimal, protocol));
    StructType s = decoder.schema();
    for (String optional : List.of("opt_bool", "opt_byte", "opt_i16", "opt_i32", "opt_i64", "opt_double",
        "opt_string", "opt_binary", "color", "inner", "inner_list", "color_set", "string_to_double",
        "int_to_inner", "choice", "nested_ints", "string_to_inner_list", "string_set", "binaries")) {
      assertTrue(row.isNullAt(ordinal(s, optional)), optional + " should be null when unset");
    }
    assertFalse(row.isNullAt(ordinal(s, "a_bool")));
  }

  @Test
  void schemaFollowsThriftRequirednessAndTypes() {
    StructType s = ThriftSchema.of(AllTypes.class);
    assertFalse(s.apply("an_i64").nullable());
    assertTrue(s.apply("opt_i64").nullable());
    assertTrue(s.apply("default_requiredness").nullable());
    assertEquals(DataTypes.ByteType, s.apply("a_byte").dataType());
    assertEquals(DataTypes.BinaryType, s.apply("a_binary").dataType());
    assertEquals(DataTypes.StringType, s.apply("a_string").dataType());
    assertEquals(DataTypes.StringType, s.apply("color").dataType());
    StructType choice = (StructType) s.apply("choice").dataType();
    assertEquals(List.of("text", "number", "inner"), List.of(choice.fieldNames()));
    for (var member : choice.fields()) {
      assertTrue(member.nullable(), "union members are nullable");
    }
    assertEquals("array<array<int>>", s.apply("nested_ints").dataType().simpleString());
    assertEquals("map<string,array<struct<id:int,label:string>>>",
        s.apply("string_to_inner_list").dataType().simpleString());
  }

  @Test
  void recursiveStructIsAClearErrorNotAStackOverflow() {
    SchemaException e = assertThrows(SchemaException.class, () -> ThriftSchema.of(TreeNode.class));
    assertTrue(e.getMessage().contains("recursive Thrift struct TreeNode"), e.getMessage());
    assertTrue(e.getMessage().contains("children"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void fieldsOfANewerWriterAreSkipped(WireProtocol protocol) throws Exception {
    InnerV2 newer = new InnerV2(9).setLabel("nine").setTags(List.of("a", "b"));
    newer.setExtra(fullAllTypes());
    UnsafeRow row = decoder(Inner.class, protocol).decode(ThriftBytes.serialize(newer, protocol));
    assertEquals(9, row.getInt(0));
    assertEquals("nine", row.getUTF8String(1).toString());
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void recordsDecodeIndependentlyWithAReusedDecoder(WireProtocol protocol) throws Exception {
    ThriftRowDecoder decoder = decoder(Inner.class, protocol);
    List<UnsafeRow> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Inner inner = new Inner(i);
      if (i % 3 == 0) {
        inner.setLabel("label-" + i);
      }
      rows.add(decoder.decode(ThriftBytes.serialize(inner, protocol)).copy());
    }
    for (int i = 0; i < 100; i++) {
      assertEquals(i, rows.get(i).getInt(0));
      assertEquals(i % 3 != 0, rows.get(i).isNullAt(1));
    }
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void aReusedDecoderWritesTheSameBytesAsAFreshOne(WireProtocol protocol) throws Exception {
    // The decoder reuses its buffer without clearing every slot; a row decoded after a bigger one must still be
    // byte for byte what a fresh decoder writes, because Spark compares and hashes UnsafeRows by their bytes.
    AllTypes minimal = new AllTypes(false, (byte) 0, (short) 0, 0, 0L, 0.0, "", ByteBuffer.wrap(new byte[0]), 0);
    minimal.setInner(new Inner(7));
    minimal.setNested_ints(List.of(List.of(1), List.of(2, 3, 4)));
    byte[] small = ThriftBytes.serialize(minimal, protocol);
    ThriftRowDecoder reused = decoder(AllTypes.class, protocol);
    reused.decode(ThriftBytes.serialize(fullAllTypes(), protocol));
    UnsafeRow afterBig = reused.decode(small).copy();
    UnsafeRow fresh = decoder(AllTypes.class, protocol).decode(small).copy();
    assertArrayEquals(fresh.getBytes(), afterBig.getBytes());
    assertEquals(fresh, afterBig);
    assertEquals(fresh.hashCode(), afterBig.hashCode());
  }

  /** A ListingEvent's required fields and a boolean, written field by field in the given order of ids. */
  private static byte[] listingWithFields(WireProtocol protocol, boolean bookable, int... ids) {
    return ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("ListingEvent"));
      for (int id : ids) {
        if (id == 14) {
          out.writeFieldBegin(new TField("instant_bookable", TType.BOOL, (short) 14));
          out.writeBool(bookable);
        } else if (id == 3) {
          out.writeFieldBegin(new TField("operation", TType.I32, (short) 3));
          out.writeI32(Operation.DELETE.getValue());
        } else {
          out.writeFieldBegin(new TField("", TType.I64, (short) id));
          out.writeI64(1000L * id);
        }
        out.writeFieldEnd();
      }
      out.writeFieldStop();
      out.writeStructEnd();
    });
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void fieldsInAnyOrderDecodeToTheSameRow(WireProtocol protocol) throws Exception {
    // Writers send fields in declaration order, which the generated decoder takes fastest; any order is valid.
    for (boolean bookable : new boolean[] {true, false}) {
      byte[] inOrder = decoder(io.tributary.events.ListingEvent.class, protocol)
          .decode(listingWithFields(protocol, bookable, 1, 2, 3, 4, 14)).copy().getBytes();
      for (int[] order : new int[][] {{14, 4, 3, 2, 1}, {2, 1, 14, 3, 4}, {1, 3, 2, 4, 14}}) {
        UnsafeRow row = decoder(io.tributary.events.ListingEvent.class, protocol)
            .decode(listingWithFields(protocol, bookable, order));
        assertArrayEquals(inOrder, row.getBytes(), "fields in order " + java.util.Arrays.toString(order));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void aRepeatedFieldKeepsItsLastValue(WireProtocol protocol) throws Exception {
    byte[] bytes = ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("Inner"));
      for (int i = 1; i <= 2; i++) {
        out.writeFieldBegin(new TField("id", TType.I32, (short) 1));
        out.writeI32(i);
        out.writeFieldEnd();
        out.writeFieldBegin(new TField("label", TType.STRING, (short) 2));
        out.writeString("label " + i);
        out.writeFieldEnd();
      }
      out.writeFieldStop();
      out.writeStructEnd();
    });
    UnsafeRow row = decoder(Inner.class, protocol).decode(bytes);
    assertEquals(2, row.getInt(0));
    assertEquals("label 2", row.getUTF8String(1).toString());
  }

  // --- bad input: every kind ends as a DecodeException of its own kind ---

  private ErrorKind kindOf(Class<?> cls, WireProtocol protocol, byte[] bytes) {
    return kindOf(cls, protocol, bytes, DecodeLimits.DEFAULT);
  }

  private ErrorKind kindOf(Class<?> cls, WireProtocol protocol, byte[] bytes, DecodeLimits limits) {
    return assertThrows(DecodeException.class,
        () -> decoder(cls, protocol, limits).decode(bytes)).kind();
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void truncatedRecordsAreTruncated(WireProtocol protocol) {
    byte[] full = ThriftBytes.serialize(fullAllTypes(), protocol);
    for (int length = 1; length < full.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(full, length);
      ErrorKind kind = kindOf(AllTypes.class, protocol, prefix);
      assertEquals(ErrorKind.TRUNCATED, kind, "prefix of " + length + " bytes");
    }
    assertEquals(ErrorKind.EMPTY_PAYLOAD, kindOf(AllTypes.class, protocol, new byte[0]));
  }

  @Test
  void wrongProtocolIsRefused() {
    byte[] binary = ThriftBytes.serialize(fullAllTypes(), WireProtocol.BINARY);
    byte[] compact = ThriftBytes.serialize(fullAllTypes(), WireProtocol.COMPACT);
    assertThrows(DecodeException.class, () -> decoder(AllTypes.class, WireProtocol.COMPACT).decode(binary));
    assertThrows(DecodeException.class, () -> decoder(AllTypes.class, WireProtocol.BINARY).decode(compact));
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void missingRequiredFieldIsNamed(WireProtocol protocol) {
    byte[] noId = ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("Inner"));
      out.writeFieldBegin(new TField("label", TType.STRING, (short) 2));
      out.writeString("no id");
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    DecodeException e = assertThrows(DecodeException.class,
        () -> decoder(Inner.class, protocol).decode(noId));
    assertEquals(ErrorKind.MISSING_REQUIRED_FIELD, e.kind());
    assertTrue(e.getMessage().contains("id"), e.getMessage());
  }

  private static byte[] reservationWithStatus(WireProtocol protocol, int status) {
    return ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("ReservationEvent"));
      short id = 1;
      for (long value : new long[] {10, 20}) {
        out.writeFieldBegin(new TField("", TType.I64, id++));
        out.writeI64(value);
        out.writeFieldEnd();
      }
      out.writeFieldBegin(new TField("operation", TType.I32, id++));
      out.writeI32(Operation.UPSERT.getValue());
      out.writeFieldEnd();
      for (long value : new long[] {30, 40, 50}) {
        out.writeFieldBegin(new TField("", TType.I64, id++));
        out.writeI64(value);
        out.writeFieldEnd();
      }
      out.writeFieldBegin(new TField("status", TType.I32, (short) 7));
      out.writeI32(status);
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void unknownEnumValueIsRefused(WireProtocol protocol) throws Exception {
    UnsafeRow ok = decoder(ReservationEvent.class, protocol).decode(reservationWithStatus(protocol, 2));
    assertEquals("CONFIRMED", ok.getUTF8String(ThriftSchema.of(ReservationEvent.class).fieldIndex("status")).toString());
    assertEquals(ErrorKind.UNKNOWN_ENUM, kindOf(ReservationEvent.class, protocol, reservationWithStatus(protocol, 99)));
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void oversizedCollectionsAreRefused(WireProtocol protocol) {
    AllTypes all = fullAllTypes();
    List<Inner> many = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      many.add(new Inner(i));
    }
    all.setInner_list(many);
    byte[] bytes = ThriftBytes.serialize(all, protocol);
    assertEquals(ErrorKind.OVERSIZED, kindOf(AllTypes.class, protocol, bytes, new DecodeLimits(10, 1 << 20, 64)));
    assertEquals(ErrorKind.OVERSIZED, kindOf(AllTypes.class, protocol, bytes, new DecodeLimits(1000, 100, 64)));

    // A header that announces a billion elements in a few bytes must not allocate anything.
    byte[] liar = ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("Inner"));
      out.writeFieldBegin(new TField("unknown", TType.LIST, (short) 9));
      out.writeListBegin(new TList(TType.I32, 1_000_000_000));
      out.writeI32(1);
    });
    assertEquals(ErrorKind.OVERSIZED, kindOf(Inner.class, protocol, liar));
    byte[] shortLiar = ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("Inner"));
      out.writeFieldBegin(new TField("unknown", TType.LIST, (short) 9));
      out.writeListBegin(new TList(TType.I32, 5000));
      out.writeI32(1);
    });
    assertEquals(ErrorKind.TRUNCATED, kindOf(Inner.class, protocol, shortLiar));
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void wrongWireTypeForAKnownFieldIsATypeMismatch(WireProtocol protocol) {
    byte[] bytes = ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("Inner"));
      out.writeFieldBegin(new TField("id", TType.I32, (short) 1));
      out.writeI32(1);
      out.writeFieldEnd();
      out.writeFieldBegin(new TField("label", TType.I64, (short) 2));
      out.writeI64(5);
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertEquals(ErrorKind.TYPE_MISMATCH, kindOf(Inner.class, protocol, bytes));
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void unionWithTwoMembersIsInvalid(WireProtocol protocol) {
    byte[] bytes = ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("Choice"));
      out.writeFieldBegin(new TField("text", TType.STRING, (short) 1));
      out.writeString("a");
      out.writeFieldEnd();
      out.writeFieldBegin(new TField("number", TType.I64, (short) 2));
      out.writeI64(1);
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertEquals(ErrorKind.INVALID_UNION, kindOf(Choice.class, protocol, bytes));
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void deeplyNestedUnknownFieldsAreBounded(WireProtocol protocol) {
    int depth = 500;
    byte[] bytes = ThriftBytes.handWritten(protocol, out -> {
      out.writeStructBegin(new TStruct("Inner"));
      out.writeFieldBegin(new TField("id", TType.I32, (short) 1));
      out.writeI32(1);
      out.writeFieldEnd();
      out.writeFieldBegin(new TField("unknown", TType.LIST, (short) 9));
      for (int i = 0; i < depth; i++) {
        out.writeListBegin(new TList(TType.LIST, 1));
      }
      out.writeListBegin(new TList(TType.I32, 0));
    });
    assertEquals(ErrorKind.NESTING_TOO_DEEP, kindOf(Inner.class, protocol, bytes));
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void amenitySetDecodesEnumNames(WireProtocol protocol) throws Exception {
    io.tributary.events.ListingEvent listing = new io.tributary.events.ListingEvent(1, 2, Operation.UPSERT, 3);
    listing.setAmenities(new LinkedHashSet<>(List.of(Amenity.POOL, Amenity.WIFI)));
    ThriftRowDecoder decoder = decoder(io.tributary.events.ListingEvent.class, protocol);
    UnsafeRow row = decoder.decode(ThriftBytes.serialize(listing, protocol));
    ArrayData amenities = row.getArray(decoder.schema().fieldIndex("amenities"));
    assertEquals(Set.of("POOL", "WIFI"), Set.of(amenities.getUTF8String(0).toString(), amenities.getUTF8String(1).toString()));
  }
}
