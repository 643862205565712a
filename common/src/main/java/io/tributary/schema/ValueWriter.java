package io.tributary.schema;

import io.tributary.shaded.thrift.protocol.TType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One node of a decoding plan: reads a value of one Thrift type from the wire and writes it, in Spark's
 * UnsafeRow format, into a slot of a struct or array in an {@link UnsafeRowBuffer}. The tree of nodes mirrors the
 * Thrift type and is built once per decoder, so the per-record work is reading bytes and copying them, never
 * reflection or intermediate objects.
 *
 * <p>Dispatch is a {@code switch} on {@link #kind} rather than a virtual call per node: a struct's fields have
 * many node classes, and a call site that sees that many is not inlined by the JIT.
 *
 * <p>Decoders run this plan compiled ({@link DecoderSource}) wherever it compiles; the plan itself is the fallback
 * and the reference the generated code is tested against.
 */
class ValueWriter {
  static final int BOOL = 0;
  static final int BYTE = 1;
  static final int I16 = 2;
  static final int I32 = 3;
  static final int I64 = 4;
  static final int DOUBLE = 5;
  static final int BYTES = 6;
  static final int ENUM = 7;
  static final int LIST = 8;
  static final int MAP = 9;
  static final int STRUCT = 10;

  final int kind;
  /** The wire type this node accepts; anything else is a {@link ErrorKind#TYPE_MISMATCH}. */
  final byte wireType;
  /** Bytes one element of this type takes in an array slot (variable-length values use 8: offset and size). */
  final int elementSize;
  final String path;

  ValueWriter(int kind, byte wireType, int elementSize, String path) {
    this.kind = kind;
    this.wireType = wireType;
    this.elementSize = elementSize;
    this.path = path;
  }

  /**
   * Reads one value of {@code node}'s type and writes it into {@code slot}; variable-length values are appended
   * and the slot points at them relative to {@code base}, the start of the struct or array holding the slot.
   */
  static void write(ValueWriter node, WireReader in, UnsafeRowBuffer out, int slot, int base) throws DecodeException {
    switch (node.kind) {
      case BOOL -> out.putBoolean(slot, in.readBool());
      case BYTE -> out.putByte(slot, in.readByte());
      case I16 -> out.putShort(slot, in.readI16());
      case I32 -> out.putInt(slot, in.readI32());
      case I64 -> out.putLong(slot, in.readI64());
      case DOUBLE -> out.putDouble(slot, in.readDouble());
      case BYTES -> writeBytes(in, out, slot, base);
      case ENUM -> ((EnumWriter) node).write(in, out, slot, base);
      case LIST -> ((ListWriter) node).write(in, out, slot, base);
      case MAP -> ((MapWriter) node).write(in, out, slot, base);
      default -> ((StructWriter) node).write(in, out, slot, base);
    }
  }

  /** Strings and binaries are copied byte for byte: Spark's UTF8String is the UTF-8 the writer sent. */
  static void writeBytes(WireReader in, UnsafeRowBuffer out, int slot, int base) throws DecodeException {
    int length = in.readBinaryLength();
    int at = out.appendBytes(in.buffer(), in.position(), length);
    in.skipBytes(length);
    out.setOffsetAndSize(slot, base, at, length);
  }

  /** Builds the node tree of a type. */
  static ValueWriter forType(ThriftType type, String path) {
    if (type instanceof ThriftType.Primitive p) {
      return switch (p.wireType()) {
        case TType.BOOL -> new ValueWriter(BOOL, TType.BOOL, 1, path);
        case TType.BYTE -> new ValueWriter(BYTE, TType.BYTE, 1, path);
        case TType.I16 -> new ValueWriter(I16, TType.I16, 2, path);
        case TType.I32 -> new ValueWriter(I32, TType.I32, 4, path);
        case TType.I64 -> new ValueWriter(I64, TType.I64, 8, path);
        case TType.DOUBLE -> new ValueWriter(DOUBLE, TType.DOUBLE, 8, path);
        default -> new ValueWriter(BYTES, TType.STRING, 8, path);
      };
    }
    if (type instanceof ThriftType.Enum e) {
      return new EnumWriter(e, path);
    }
    if (type instanceof ThriftType.ListOf list) {
      return new ListWriter(list, path);
    }
    if (type instanceof ThriftType.MapOf map) {
      return new MapWriter(map, path);
    }
    return new StructWriter((ThriftType.Struct) type, path);
  }

  static final class EnumWriter extends ValueWriter {
    /** UTF-8 names by enum value, as a dense table when the values are small (they nearly always are). */
    private final byte[][] namesByValue;
    private final Map<Integer, byte[]> sparseNames;
    private final String enumName;

    EnumWriter(ThriftType.Enum type, String path) {
      super(ENUM, TType.I32, 8, path);
      this.enumName = type.enumClass().getSimpleName();
      int max = type.namesByValue().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
      boolean dense = type.namesByValue().keySet().stream().allMatch(v -> v >= 0) && max < 1024;
      this.namesByValue = new byte[dense ? max + 1 : 0][];
      this.sparseNames = new java.util.HashMap<>();
      type.namesByValue().forEach((value, name) -> {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (dense) {
          namesByValue[value] = utf8;
        } else {
          sparseNames.put(value, utf8);
        }
      });
    }

    void write(WireReader in, UnsafeRowBuffer out, int slot, int base) throws DecodeException {
      byte[] name = nameOf(in.readI32());
      out.setOffsetAndSize(slot, base, out.appendBytes(name, 0, name.length), name.length);
    }

    /** The UTF-8 name of an enum value; an undefined value is an {@link ErrorKind#UNKNOWN_ENUM}. */
    byte[] nameOf(int value) throws DecodeException {
      byte[] name = value >= 0 && value < namesByValue.length ? namesByValue[value] : sparseNames.get(value);
      if (name == null) {
        throw new DecodeException(ErrorKind.UNKNOWN_ENUM, path + ": " + value + " is not a value of enum " + enumName);
      }
      return name;
    }
  }

  static final class ListWriter extends ValueWriter {
    final ValueWriter element;

    ListWriter(ThriftType.ListOf type, String path) {
      super(LIST, type.wireType(), 8, path);
      this.element = forType(type.element(), path + "[]");
    }

    void write(WireReader in, UnsafeRowBuffer out, int slot, int base) throws DecodeException {
      in.enter();
      int size = in.readListHeader();
      if (size > 0) {
        expectType(in.elementType, element.wireType, element.path);
      }
      int start = writeElements(element, size, in, out);
      out.setOffsetAndSize(slot, base, start, out.cursor() - start);
      in.leave();
    }
  }

  /** Writes {@code size} values of {@code element} as one array; returns the array's start. */
  static int writeElements(ValueWriter element, int size, WireReader in, UnsafeRowBuffer out) throws DecodeException {
    int width = element.elementSize;
    int start = out.beginArray(size, width);
    int first = UnsafeRowBuffer.elementSlot(start, size, width, 0);
    switch (element.kind) {
      case I32 -> {
        for (int i = 0; i < size; i++) {
          out.putInt(first + 4 * i, in.readI32());
        }
      }
      case I64 -> {
        for (int i = 0; i < size; i++) {
          out.putLong(first + 8 * i, in.readI64());
        }
      }
      case BYTES -> {
        for (int i = 0; i < size; i++) {
          writeBytes(in, out, first + 8 * i, start);
        }
      }
      default -> {
        for (int i = 0; i < size; i++) {
          ValueWriter.write(element, in, out, first + width * i, start);
        }
      }
    }
    return start;
  }

  /**
   * Spark's UnsafeMapData stores all keys, then all values; Thrift interleaves them. Keys are written
   * in a first pass that remembers where each value starts, values in a second pass that seeks back.
   */
  static final class MapWriter extends ValueWriter {
    final ValueWriter key;
    final ValueWriter value;
    /** Reused between records; a schema is never recursive, so this node is never active twice at once. */
    private int[] valueStarts = new int[16];
    private double[] doubles = new double[16];

    MapWriter(ThriftType.MapOf type, String path) {
      super(MAP, TType.MAP, 8, path);
      this.key = forType(type.key(), path + "{key}");
      this.value = forType(type.value(), path + "{value}");
    }

    void write(WireReader in, UnsafeRowBuffer out, int slot, int base) throws DecodeException {
      in.enter();
      int size = in.readMapHeader();
      if (size > 0) {
        expectType(in.keyType, key.wireType, key.path);
        expectType(in.valueType, value.wireType, value.path);
      }
      int mapStart = out.beginMap();
      int keysStart = out.beginArray(size, key.elementSize);
      int firstKey = UnsafeRowBuffer.elementSlot(keysStart, size, key.elementSize, 0);
      if (value.kind == DOUBLE) {
        // Fixed-width values are held until the keys are written: no second pass over the record.
        if (doubles.length < size) {
          doubles = new double[Math.max(size, doubles.length * 2)];
        }
        for (int i = 0; i < size; i++) {
          ValueWriter.write(key, in, out, firstKey + key.elementSize * i, keysStart);
          doubles[i] = in.readDouble();
        }
        out.endMapKeys(mapStart);
        int valuesStart = out.beginArray(size, 8);
        int firstValue = UnsafeRowBuffer.elementSlot(valuesStart, size, 8, 0);
        for (int i = 0; i < size; i++) {
          out.putDouble(firstValue + 8 * i, doubles[i]);
        }
      } else {
        if (valueStarts.length < size) {
          valueStarts = new int[Math.max(size, valueStarts.length * 2)];
        }
        for (int i = 0; i < size; i++) {
          ValueWriter.write(key, in, out, firstKey + key.elementSize * i, keysStart);
          valueStarts[i] = in.position();
          in.skip(value.wireType);
        }
        out.endMapKeys(mapStart);
        int end = in.position();
        int valuesStart = out.beginArray(size, value.elementSize);
        int firstValue = UnsafeRowBuffer.elementSlot(valuesStart, size, value.elementSize, 0);
        for (int i = 0; i < size; i++) {
          in.seek(valueStarts[i]);
          ValueWriter.write(value, in, out, firstValue + value.elementSize * i, valuesStart);
        }
        in.seek(end);
      }
      out.setOffsetAndSize(slot, base, mapStart, out.cursor() - mapStart);
      in.leave();
    }
  }

  static final class StructWriter extends ValueWriter implements StructDecoder {
    final ThriftType.Struct type;
    /** Field id -> ordinal, as a dense table because ids are small in practice; -1 for unknown ids. */
    private final int[] ordinalById;
    final ValueWriter[] fields;
    /** The fields' kinds and wire types as plain arrays, so the hot loop reads no node object for primitives. */
    private final int[] kinds;
    private final byte[] wireTypes;
    private final boolean[] required;
    /** For the first 64 fields: which are required, and all of them, as bit masks over the ordinals. */
    final long requiredMask;
    final long allMask;
    final int nullBitsBytes;
    final int fixedBytes;

    StructWriter(ThriftType.Struct type, String path) {
      super(STRUCT, TType.STRUCT, 8, path);
      this.type = type;
      List<ThriftType.Field> declared = type.fields();
      int maxId = declared.stream().mapToInt(ThriftType.Field::id).max().orElse(0);
      this.ordinalById = new int[Math.max(maxId, 0) + 1];
      Arrays.fill(ordinalById, -1);
      this.fields = new ValueWriter[declared.size()];
      this.kinds = new int[declared.size()];
      this.wireTypes = new byte[declared.size()];
      this.required = new boolean[declared.size()];
      long requiredBits = 0;
      long allBits = 0;
      for (int i = 0; i < declared.size(); i++) {
        ThriftType.Field f = declared.get(i);
        if (f.id() >= 0) {
          ordinalById[f.id()] = i;
        }
        fields[i] = forType(f.type(), path.isEmpty() ? f.name() : path + "." + f.name());
        kinds[i] = fields[i].kind;
        wireTypes[i] = fields[i].wireType;
        required[i] = f.required();
        if (i < 64) {
          allBits |= 1L << i;
          requiredBits |= f.required() ? 1L << i : 0;
        }
      }
      this.requiredMask = requiredBits;
      this.allMask = allBits;
      this.nullBitsBytes = UnsafeRowBuffer.nullBitsBytes(declared.size());
      this.fixedBytes = nullBitsBytes + 8 * declared.size();
    }

    void write(WireReader in, UnsafeRowBuffer out, int slot, int base) throws DecodeException {
      int start = writeStruct(in, out);
      out.setOffsetAndSize(slot, base, start, out.cursor() - start);
    }

    @Override
    public int decode(WireReader in, UnsafeRowBuffer out) throws DecodeException {
      return writeStruct(in, out);
    }

    /** Appends one struct decoded from {@code in}; returns its start. */
    int writeStruct(WireReader in, UnsafeRowBuffer out) throws DecodeException {
      int start = out.beginStruct(nullBitsBytes, fixedBytes);
      int slots = start + nullBitsBytes;
      in.structBegin();
      long seen = 0;
      boolean[] seenBeyond64 = null;
      int[] ordinals = ordinalById;
      while (in.readFieldHeader()) {
        int id = in.fieldId;
        int ordinal = id >= 0 && id < ordinals.length ? ordinals[id] : -1;
        if (ordinal < 0) {
          in.skip(in.fieldType); // a field from a newer writer: not ours to judge
          continue;
        }
        if (in.fieldType != wireTypes[ordinal]) {
          expectType(in.fieldType, wireTypes[ordinal], fields[ordinal].path);
        }
        int slot = slots + 8 * ordinal;
        // Struct slots were not cleared: a value narrower than the slot is zero-extended. The switch stays
        // small on purpose; a larger one measured slower (the JIT inlines less of this loop).
        switch (kinds[ordinal]) {
          case I64 -> out.putLong(slot, in.readI64());
          case I32 -> out.putLong(slot, in.readI32() & 0xffffffffL);
          case BYTES -> writeBytes(in, out, slot, start);
          default -> {
            if (kinds[ordinal] <= I16) {
              out.putLong(slot, 0L); // bool, i8, i16 fill only the low bytes
            }
            ValueWriter.write(fields[ordinal], in, out, slot, start);
          }
        }
        if (ordinal < 64) {
          seen |= 1L << ordinal;
        } else {
          if (seenBeyond64 == null) {
            seenBeyond64 = new boolean[fields.length];
          }
          seenBeyond64[ordinal] = true;
        }
      }
      in.structEnd();
      long missing = allMask & ~seen;
      if ((missing & requiredMask) != 0) {
        throw missingRequired(Long.numberOfTrailingZeros(missing & requiredMask));
      }
      while (missing != 0) {
        int absent = Long.numberOfTrailingZeros(missing);
        out.setNull(start, absent);
        out.putLong(slots + 8 * absent, 0L); // Spark compares rows byte for byte: a null's slot is zero
        missing &= missing - 1;
      }
      for (int i = 64; i < fields.length; i++) {
        if (seenBeyond64 == null || !seenBeyond64[i]) {
          if (required[i]) {
            throw missingRequired(i);
          }
          out.setNull(start, i);
          out.putLong(slots + 8 * i, 0L);
        }
      }
      if (type.isUnion() && Long.bitCount(seen) != 1) {
        throw invalidUnion(path.isEmpty() ? type.name() : path, Long.bitCount(seen));
      }
      return start;
    }

    private DecodeException missingRequired(int ordinal) {
      return ValueWriter.missingRequired(fields[ordinal].path, type.name());
    }
  }

  static DecodeException missingRequired(String fieldPath, String structName) {
    return new DecodeException(ErrorKind.MISSING_REQUIRED_FIELD,
        "required field " + fieldPath + " of " + structName + " is missing");
  }

  static DecodeException invalidUnion(String unionPath, int membersSet) {
    return new DecodeException(ErrorKind.INVALID_UNION,
        "union " + unionPath + " has " + membersSet + " members set, expected exactly one");
  }

  static void expectType(byte actual, byte expected, String path) throws DecodeException {
    if (actual != expected) {
      throw new DecodeException(ErrorKind.TYPE_MISMATCH, path + ": expected " + WireReader.typeName(expected)
          + " but the record has " + WireReader.typeName(actual));
    }
  }
}
