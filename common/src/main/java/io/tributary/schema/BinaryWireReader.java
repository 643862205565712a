package io.tributary.schema;

import io.tributary.shaded.thrift.protocol.TType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** TBinaryProtocol: big-endian fixed-width integers, i32 lengths, a type byte and an i16 id per field. */
final class BinaryWireReader extends WireReader {
  private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  BinaryWireReader(DecodeLimits limits) {
    super(limits);
  }

  @Override
  void resetState() {}

  @Override
  boolean readFieldHeader() throws DecodeException {
    byte type = readByte();
    if (type == TType.STOP) {
      return false;
    }
    checkType(type);
    fieldType = type;
    fieldId = readI16();
    return true;
  }

  private void checkType(byte type) throws DecodeException {
    switch (type) {
      case TType.BOOL, TType.BYTE, TType.I16, TType.I32, TType.I64, TType.DOUBLE, TType.STRING,
          TType.STRUCT, TType.LIST, TType.SET, TType.MAP -> { }
      default -> throw new DecodeException(ErrorKind.MALFORMED, "invalid binary-protocol type code " + type
          + " at byte " + (pos - 1));
    }
  }

  @Override
  boolean readBool() throws DecodeException {
    return readByte() != 0;
  }

  @Override
  byte readByte() throws DecodeException {
    require(1);
    return buf[pos++];
  }

  @Override
  short readI16() throws DecodeException {
    require(2);
    short v = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
    pos += 2;
    return v;
  }

  @Override
  int readI32() throws DecodeException {
    require(4);
    int v = (int) BIG_ENDIAN_INT.get(buf, pos);
    pos += 4;
    return v;
  }

  @Override
  long readI64() throws DecodeException {
    require(8);
    long v = (long) BIG_ENDIAN_LONG.get(buf, pos);
    pos += 8;
    return v;
  }

  @Override
  double readDouble() throws DecodeException {
    return Double.longBitsToDouble(readI64());
  }

  @Override
  int readBinaryLength() throws DecodeException {
    return checkBinaryLength(readI32());
  }

  @Override
  int readListHeader() throws DecodeException {
    byte type = readByte();
    checkType(type);
    elementType = type;
    return checkCollectionSize(readI32(), 1);
  }

  @Override
  int readMapHeader() throws DecodeException {
    byte key = readByte();
    byte value = readByte();
    checkType(key);
    checkType(value);
    keyType = key;
    valueType = value;
    return checkCollectionSize(readI32(), 2);
  }
}
