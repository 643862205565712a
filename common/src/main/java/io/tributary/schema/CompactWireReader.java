package io.tributary.schema;

import io.tributary.shaded.thrift.protocol.TType;

/**
 * TCompactProtocol: zigzag varints, field ids as deltas in the header byte, booleans folded into the
 * field header, list sizes up to 14 in the header's high nibble.
 */
final class CompactWireReader extends WireReader {
  /** Compact type codes (the wire values), mapped to libthrift's TType codes by {@link #toTType}. */
  private static final byte[] TTYPE_OF_COMPACT = {
    TType.STOP, TType.BOOL, TType.BOOL, TType.BYTE, TType.I16, TType.I32, TType.I64, TType.DOUBLE,
    TType.STRING, TType.LIST, TType.SET, TType.MAP, TType.STRUCT
  };
  private static final int NO_PENDING_BOOL = -1;
  private static final java.lang.invoke.VarHandle LITTLE_ENDIAN_DOUBLE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(double[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** Field ids are deltas from the previous field of the same struct, so each nesting level keeps its own. */
  private short[] lastFieldIds = new short[16];
  private int structLevel;
  private short lastFieldId;
  /** A boolean field's value travels in its header; it is held here until {@link #readBool()}. */
  private int pendingBool = NO_PENDING_BOOL;

  CompactWireReader(DecodeLimits limits) {
    super(limits);
  }

  @Override
  void resetState() {
    structLevel = 0;
    lastFieldId = 0;
    pendingBool = NO_PENDING_BOOL;
  }

  @Override
  void structBegin() throws DecodeException {
    super.structBegin();
    if (structLevel == lastFieldIds.length) {
      lastFieldIds = java.util.Arrays.copyOf(lastFieldIds, structLevel * 2);
    }
    lastFieldIds[structLevel++] = lastFieldId;
    lastFieldId = 0;
  }

  @Override
  void structEnd() {
    super.structEnd();
    lastFieldId = lastFieldIds[--structLevel];
  }

  /** The compact type code of a TType (for a bool, the code of {@code true}; {@code false} is one more). */
  static int compactTypeOf(byte ttype) {
    for (int code = 1; code < TTYPE_OF_COMPACT.length; code++) {
      if (TTYPE_OF_COMPACT[code] == ttype) {
        return code;
      }
    }
    throw new IllegalArgumentException("no compact type code for TType " + ttype);
  }

  private byte toTType(int compactType) throws DecodeException {
    if (compactType <= 0 || compactType >= TTYPE_OF_COMPACT.length) {
      throw new DecodeException(ErrorKind.MALFORMED, "invalid compact-protocol type code " + compactType
          + " at byte " + (pos - 1));
    }
    return TTYPE_OF_COMPACT[compactType];
  }

  @Override
  boolean readFieldHeader() throws DecodeException {
    return fieldHeader(readByte());
  }

  /**
   * Goes on with a struct whose first fields generated code took itself, comparing each header byte with the one
   * it expects ({@link DecoderSource}): {@code header} was just read, {@code lastId} is the last field taken.
   */
  boolean readFieldHeader(byte header, int lastId) throws DecodeException {
    lastFieldId = (short) lastId;
    return fieldHeader(header);
  }

  private boolean fieldHeader(byte header) throws DecodeException {
    if (header == 0) {
      return false;
    }
    int compactType = header & 0x0f;
    byte type = toTType(compactType);
    int delta = (header & 0xf0) >>> 4;
    fieldId = delta == 0 ? readI16() : (short) (lastFieldId + delta);
    lastFieldId = fieldId;
    fieldType = type;
    if (type == TType.BOOL) {
      pendingBool = compactType == 1 ? 1 : 0;
    }
    return true;
  }

  @Override
  boolean readBool() throws DecodeException {
    if (pendingBool != NO_PENDING_BOOL) {
      boolean value = pendingBool == 1;
      pendingBool = NO_PENDING_BOOL;
      return value;
    }
    // Inside lists and maps a boolean is a whole byte: 1 for true, 2 for false.
    return readByte() == 1;
  }

  @Override
  byte readByte() throws DecodeException {
    if (pos >= limit) {
      require(1);
    }
    return buf[pos++];
  }

  @Override
  short readI16() throws DecodeException {
    return (short) zigzagToInt(readVarint32());
  }

  @Override
  int readI32() throws DecodeException {
    return zigzagToInt(readVarint32());
  }

  @Override
  long readI64() throws DecodeException {
    long n = readVarint64();
    return (n >>> 1) ^ -(n & 1);
  }

  @Override
  double readDouble() throws DecodeException {
    require(8);
    double value = (double) LITTLE_ENDIAN_DOUBLE.get(buf, pos);
    pos += 8;
    return value;
  }

  @Override
  int readBinaryLength() throws DecodeException {
    return checkBinaryLength(readVarint32());
  }

  @Override
  int readListHeader() throws DecodeException {
    int header = readByte() & 0xff;
    elementType = toTType(header & 0x0f);
    int size = (header >>> 4) & 0x0f;
    if (size == 15) {
      size = readVarint32();
    }
    return checkCollectionSize(size, 1);
  }

  @Override
  int readMapHeader() throws DecodeException {
    int size = readVarint32();
    if (size == 0) {
      return 0;
    }
    int types = readByte() & 0xff;
    keyType = toTType(types >>> 4);
    valueType = toTType(types & 0x0f);
    return checkCollectionSize(size, 2);
  }

  private int readVarint32() throws DecodeException {
    if (pos < limit && buf[pos] >= 0) {
      return buf[pos++]; // one byte: small ids, lengths and sizes, the common case
    }
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = readByte();
      result |= (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new DecodeException(ErrorKind.MALFORMED, "varint longer than 5 bytes at byte " + pos);
  }

  private long readVarint64() throws DecodeException {
    if (pos < limit && buf[pos] >= 0) {
      return buf[pos++];
    }
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      byte b = readByte();
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new DecodeException(ErrorKind.MALFORMED, "varint longer than 10 bytes at byte " + pos);
  }

  private static int zigzagToInt(int n) {
    return (n >>> 1) ^ -(n & 1);
  }
}
