package io.tributary.schema;

import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes serialized Thrift records of one class straight into Spark {@link UnsafeRow}s.
 *
 * <p>The decoding plan (a tree of {@link ValueWriter}s mirroring the Thrift type) is built once, when the
 * decoder is created, and compiled into a class of its own ({@link DecoderSource}) once per class and protocol;
 * decoding a record then reads the wire bytes and writes Spark's binary row format directly, without
 * materializing the Thrift object, a {@code Row}, or per-field reflection. Fields the reader's class does not
 * know (a newer writer) are skipped.
 *
 * <p>Not thread safe: create one per task/partition (creation is cheap; the type tree is cached per class).
 */
public final class ThriftRowDecoder {
  private final String className;
  private final StructType schema;
  private final WireReader in;
  private final UnsafeRowBuffer out = new UnsafeRowBuffer();
  private final UnsafeRow row;
  /** The class generated from the plan where it could be compiled, else the plan itself. */
  private final StructDecoder struct;

  private ThriftRowDecoder(Class<?> thriftClass, WireProtocol protocol, DecodeLimits limits, boolean generated) {
    ThriftType.Struct type = ThriftSchema.describe(thriftClass);
    this.className = thriftClass.getSimpleName();
    this.schema = (StructType) ThriftSchema.toSpark(type);
    this.in = protocol.newReader(limits);
    this.row = new UnsafeRow(type.fields().size());
    ValueWriter.StructWriter plan = new ValueWriter.StructWriter(type, "");
    this.struct = generated
        ? GeneratedDecoders.factory(plan, protocol).map(GeneratedDecoders.Factory::newDecoder).orElse(plan)
        : plan;
  }

  public static ThriftRowDecoder create(Class<?> thriftClass, WireProtocol protocol) {
    return create(thriftClass, protocol, DecodeLimits.DEFAULT);
  }

  public static ThriftRowDecoder create(Class<?> thriftClass, WireProtocol protocol, DecodeLimits limits) {
    return new ThriftRowDecoder(thriftClass, protocol, limits, true);
  }

  /** A decoder that runs the plan itself, never generated code: the reference the tests compare against. */
  static ThriftRowDecoder interpreted(Class<?> thriftClass, WireProtocol protocol, DecodeLimits limits) {
    return new ThriftRowDecoder(thriftClass, protocol, limits, false);
  }

  /** Whether this decoder runs generated code (tests check that the path they mean to cover is the one taken). */
  boolean usesGeneratedCode() {
    return !(struct instanceof ValueWriter.StructWriter);
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
    struct.decode(in, out);
    if (in.remaining() != 0) {
      throw new DecodeException(ErrorKind.MALFORMED, in.remaining() + " bytes left after the end of "
          + className + "; is the protocol (binary or compact) right?");
    }
    out.pointTo(row);
    return row;
  }
}
