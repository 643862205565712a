package io.tributary.schema;

import io.tributary.shaded.thrift.protocol.TType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeWriter;
import org.apache.spark.unsafe.Platform;

/**
 * One node of a decoding plan: reads a value of one Thrift type from the wire and writes it, in Spark's
 * UnsafeRow format, at an ordinal of a row or array writer. The tree of nodes mirrors the Thrift type
 * and is built once per decoder, so the per-record work is reading bytes and copying them, never
 * reflection or intermediate objects.
 */
abstract class ValueWriter {
  /** The wire type this node accepts; anything else is a {@link ErrorKind#TYPE_MISMATCH}. */
  final byte wireType;

  ValueWriter(byte wireType) {
    this.wireType = wireType;
  }

  abstract void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException;

  /** Bytes one element of this type takes in an UnsafeArrayData slot (variable-length values use 8: offset and size). */
  int elementSize() {
    return 8;
  }

  /** Builds the node tree of a type; every nested writer shares the root's buffer. */
  static ValueWriter forType(ThriftType type, UnsafeWriter root, String path) {
    if (type instanceof ThriftType.Primitive p) {
      return primitive(p);
    }
    if (type instanceof ThriftType.Enum e) {
      return new EnumWriter(e, path);
    }
    if (type instanceof ThriftType.ListOf list) {
      return new ListWriter(list, root, path);
    }
    if (type instanceof ThriftType.MapOf map) {
      return new MapWriter(map, root, path);
    }
    return new StructWriter((ThriftType.Struct) type, new UnsafeRowWriter(root, ((ThriftType.Struct) type).fields().size()),
        root, path);
  }

  private static ValueWriter primitive(ThriftType.Primitive p) {
    return switch (p.wireType()) {
      case TType.BOOL -> new ValueWriter(TType.BOOL) {
        @Override
        void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
          out.write(ordinal, in.readBool());
        }

        @Override
        int elementSize() {
          return 1;
        }
      };
      case TType.BYTE -> new ValueWriter(TType.BYTE) {
        @Override
        void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
          out.write(ordinal, in.readByte());
        }

        @Override
        int elementSize() {
          return 1;
        }
      };
      case TType.I16 -> new ValueWriter(TType.I16) {
        @Override
        void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
          out.write(ordinal, in.readI16());
        }

        @Override
        int elementSize() {
          return 2;
        }
      };
      case TType.I32 -> new ValueWriter(TType.I32) {
        @Override
        void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
          out.write(ordinal, in.readI32());
        }

        @Override
        int elementSize() {
          return 4;
        }
      };
      case TType.I64 -> new ValueWriter(TType.I64) {
        @Override
        void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
          out.write(ordinal, in.readI64());
        }
      };
      case TType.DOUBLE -> new ValueWriter(TType.DOUBLE) {
        @Override
        void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
          out.write(ordinal, in.readDouble());
        }
      };
      // Strings and binaries are copied byte for byte: Spark's UTF8String is the UTF-8 the writer sent.
      default -> new ValueWriter(TType.STRING) {
        @Override
        void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
          int length = in.readBinaryLength();
          out.write(ordinal, in.buffer(), in.position(), length);
          in.skipBytes(length);
        }
      };
    };
  }

  static final class EnumWriter extends ValueWriter {
    private final Map<Integer, byte[]> utf8Names;
    private final String enumName;
    private final String path;

    EnumWriter(ThriftType.Enum type, String path) {
      super(TType.I32);
      this.enumName = type.enumClass().getSimpleName();
      this.path = path;
      this.utf8Names = new java.util.HashMap<>();
      type.namesByValue().forEach((value, name) -> utf8Names.put(value, name.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
      int value = in.readI32();
      byte[] name = utf8Names.get(value);
      if (name == null) {
        throw new DecodeException(ErrorKind.UNKNOWN_ENUM, path + ": " + value + " is not a value of enum " + enumName);
      }
      out.write(ordinal, name);
    }
  }

  static final class ListWriter extends ValueWriter {
    private final ValueWriter element;
    private final UnsafeArrayWriter elements;
    private final String path;

    ListWriter(ThriftType.ListOf type, UnsafeWriter root, String path) {
      super(type.wireType());
      this.path = path;
      this.element = forType(type.element(), root, path + "[]");
      this.elements = new UnsafeArrayWriter(root, element.elementSize());
    }

    @Override
    void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
      in.enter();
      int size = in.readListHeader();
      if (size > 0) {
        expectType(in.elementType, element.wireType, path + "[]");
      }
      int previousCursor = out.cursor();
      elements.initialize(size);
      for (int i = 0; i < size; i++) {
        element.write(in, elements, i);
      }
      out.setOffsetAndSizeFromPreviousCursor(ordinal, previousCursor);
      in.leave();
    }
  }

  /**
   * Spark's UnsafeMapData stores all keys, then all values; Thrift interleaves them. Keys are written
   * in a first pass that remembers where each value starts, values in a second pass that seeks back.
   */
  static final class MapWriter extends ValueWriter {
    private final ValueWriter key;
    private final ValueWriter value;
    private final UnsafeArrayWriter keys;
    private final UnsafeArrayWriter values;
    private final String path;

    MapWriter(ThriftType.MapOf type, UnsafeWriter root, String path) {
      super(TType.MAP);
      this.path = path;
      this.key = forType(type.key(), root, path + "{key}");
      this.value = forType(type.value(), root, path + "{value}");
      this.keys = new UnsafeArrayWriter(root, key.elementSize());
      this.values = new UnsafeArrayWriter(root, value.elementSize());
    }

    @Override
    void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
      in.enter();
      int size = in.readMapHeader();
      if (size > 0) {
        expectType(in.keyType, key.wireType, path + "{key}");
        expectType(in.valueType, value.wireType, path + "{value}");
      }
      byte valueWireType = value.wireType;
      int previousCursor = out.cursor();
      // 8 bytes for the key array's size, filled in once the keys are written.
      out.grow(8);
      out.increaseCursor(8);
      int keysStart = out.cursor();
      keys.initialize(size);
      int[] valueStarts = new int[size];
      for (int i = 0; i < size; i++) {
        key.write(in, keys, i);
        valueStarts[i] = in.position();
        in.skip(valueWireType);
      }
      Platform.putLong(out.getBuffer(), keysStart - 8, out.cursor() - keysStart);
      int end = in.position();
      values.initialize(size);
      for (int i = 0; i < size; i++) {
        in.seek(valueStarts[i]);
        value.write(in, values, i);
      }
      in.seek(end);
      out.setOffsetAndSizeFromPreviousCursor(ordinal, previousCursor);
      in.leave();
    }
  }

  static final class StructWriter extends ValueWriter {
    private final ThriftType.Struct type;
    private final UnsafeRowWriter row;
    private final String path;
    /** Field id -> ordinal, as a dense table because ids are small in practice; -1 for unknown ids. */
    private final int[] ordinalById;
    private final ValueWriter[] fields;
    private final boolean[] required;
    private final String[] names;

    StructWriter(ThriftType.Struct type, UnsafeRowWriter row, UnsafeWriter root, String path) {
      super(TType.STRUCT);
      this.type = type;
      this.row = row;
      this.path = path;
      List<ThriftType.Field> declared = type.fields();
      int maxId = declared.stream().mapToInt(ThriftType.Field::id).max().orElse(0);
      this.ordinalById = new int[Math.max(maxId, 0) + 1];
      java.util.Arrays.fill(ordinalById, -1);
      this.fields = new ValueWriter[declared.size()];
      this.required = new boolean[declared.size()];
      this.names = new String[declared.size()];
      for (int i = 0; i < declared.size(); i++) {
        ThriftType.Field f = declared.get(i);
        if (f.id() >= 0) {
          ordinalById[f.id()] = i;
        }
        String fieldPath = path.isEmpty() ? f.name() : path + "." + f.name();
        fields[i] = forType(f.type(), root, fieldPath);
        required[i] = f.required();
        names[i] = fieldPath;
      }
    }

    @Override
    void write(WireReader in, UnsafeWriter out, int ordinal) throws DecodeException {
      int previousCursor = out.cursor();
      row.resetRowWriter();
      writeFields(in);
      out.setOffsetAndSizeFromPreviousCursor(ordinal, previousCursor);
    }

    /** Decodes one struct into {@link #row}, which the caller has positioned and cleared. */
    void writeFields(WireReader in) throws DecodeException {
      in.structBegin();
      long seen = 0;
      long[] seenBeyond64 = null;
      while (in.readFieldHeader()) {
        short id = in.fieldId;
        int ordinal = id >= 0 && id < ordinalById.length ? ordinalById[id] : -1;
        if (ordinal < 0) {
          in.skip(in.fieldType); // a field from a newer writer: not ours to judge
          continue;
        }
        ValueWriter field = fields[ordinal];
        expectType(in.fieldType, field.wireType, names[ordinal]);
        field.write(in, row, ordinal);
        if (ordinal < 64) {
          seen |= 1L << ordinal;
        } else {
          if (seenBeyond64 == null) {
            seenBeyond64 = new long[(fields.length + 63) / 64];
          }
          seenBeyond64[ordinal / 64] |= 1L << (ordinal % 64);
        }
      }
      in.structEnd();
      int setCount = 0;
      for (int i = 0; i < fields.length; i++) {
        boolean present = i < 64 ? (seen & (1L << i)) != 0
            : seenBeyond64 != null && (seenBeyond64[i / 64] & (1L << (i % 64))) != 0;
        if (present) {
          setCount++;
        } else if (required[i]) {
          throw new DecodeException(ErrorKind.MISSING_REQUIRED_FIELD,
              "required field " + names[i] + " of " + type.name() + " is missing");
        } else {
          row.setNullAt(i);
        }
      }
      if (type.isUnion() && setCount != 1) {
        throw new DecodeException(ErrorKind.INVALID_UNION, "union " + (path.isEmpty() ? type.name() : path)
            + " has " + setCount + " members set, expected exactly one");
      }
    }
  }

  static void expectType(byte actual, byte expected, String path) throws DecodeException {
    if (actual != expected) {
      throw new DecodeException(ErrorKind.TYPE_MISMATCH, path + ": expected " + WireReader.typeName(expected)
          + " but the record has " + WireReader.typeName(actual));
    }
  }
}
