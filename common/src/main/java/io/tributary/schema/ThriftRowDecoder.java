package io.tributary.schema;

import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes serialized Thrift records of one class straight into Spark {@link UnsafeRow}s.
 *
 * <p>The decoding plan (a tree of {@link ValueWriter}s mirroring the Thrift type) is built once, when the
 * decoder is created; decoding a record then reads the wire bytes and writes Spark's binary row format
 * directly, without materializing the Thrift object, a {@code Row}, or per-field reflection. Fields the
 * reader's class does not know (a newer writer) are skipped.
 *
 * <p>Not thread safe: create one per task/partition (creation is cheap; the type tree is cached per class).
 */
public final class ThriftRowDecoder {
  private final String className;
  private final StructType schema;
  private final WireReader in;
  private final UnsafeRowBuffer out = new UnsafeRowBuffer();
  private final UnsafeRow row;
  private final ValueWriter.StructWriter plan;

  private ThriftRowDecoder(Class<?> thriftClass, WireProtocol protocol, DecodeLimits limits) {
    ThriftType.Struct type = ThriftSchema.describe(thriftClass);
    this.className = thriftClass.getSimpleName();
    this.schema = (StructType) ThriftSchema.toSpark(type);
    this.in = protocol.newReader(limits);
    this.row = new UnsafeRow(type.fields().size());
    this.plan = new ValueWriter.StructWriter(type, "");
  }

  public static ThriftRowDecoder create(Class<?> thriftClass, WireProtocol protocol) {
    return create(thriftClass, protocol, DecodeLimits.DEFAULT);
  }

  public static ThriftRowDecoder create(Class<?> thriftClass, WireProtocol protocol, DecodeLimits limits) {
    return new ThriftRowDecoder(thriftClass, protocol, limits);
  }

  public StructType schema() {
    return schema;
  }

  /** Decodes one record; the returned row is reused by the next call, so copy it to keep it. */
  public UnsafeRow decode(byte[] bytes) throws DecodeException {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes {@code length} bytes from {@code offset}; the returned row is reused by the next call. */
  public UnsafeRow decode(byte[] bytes, int offset, int length) throws DecodeException {
    if (length == 0) {
      throw new DecodeException(ErrorKind.EMPTY_PAYLOAD, "empty record");
    }
    in.reset(bytes, offset, length);
    out.reset();
    plan.writeStruct(in, out);
    if (in.remaining() != 0) {
      throw new DecodeException(ErrorKind.MALFORMED, in.remaining() + " bytes left after the end of "
          + className + "; is the protocol (binary or compact) right?");
    }
    out.pointTo(row);
    return row;
  }
}
