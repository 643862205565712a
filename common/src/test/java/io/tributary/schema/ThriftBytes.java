package io.tributary.schema;

import io.tributary.shaded.thrift.TBase;
import io.tributary.shaded.thrift.TException;
import io.tributary.shaded.thrift.TSerializer;
import io.tributary.shaded.thrift.protocol.TBinaryProtocol;
import io.tributary.shaded.thrift.protocol.TCompactProtocol;
import io.tributary.shaded.thrift.protocol.TProtocol;
import io.tributary.shaded.thrift.protocol.TProtocolFactory;
import io.tributary.shaded.thrift.transport.TMemoryBuffer;
import java.util.Arrays;

/** Serializes test records with libthrift itself, the way a producer would, or hand-writes invalid ones. */
final class ThriftBytes {
  interface ProtocolWriter {
    void write(TProtocol out) throws TException;
  }

  private ThriftBytes() {}

  static TProtocolFactory factory(WireProtocol protocol) {
    return protocol == WireProtocol.COMPACT ? new TCompactProtocol.Factory() : new TBinaryProtocol.Factory();
  }

  static byte[] serialize(TBase<?, ?> record, WireProtocol protocol) {
    try {
      return new TSerializer(factory(protocol)).serialize(record);
    } catch (TException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bytes written field by field, to make records a generated class would refuse to write. */
  static byte[] handWritten(WireProtocol protocol, ProtocolWriter body) {
    try {
      TMemoryBuffer buffer = new TMemoryBuffer(256);
      body.write(factory(protocol).getProtocol(buffer));
      return Arrays.copyOf(buffer.getArray(), buffer.length());
    } catch (TException e) {
      throw new IllegalStateException(e);
    }
  }
}
