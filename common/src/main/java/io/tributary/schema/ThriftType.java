package io.tributary.schema;

import io.tributary.shaded.thrift.protocol.TType;
import java.util.List;
import java.util.Map;

/**
 * A Thrift type as the schema-enforcement layer sees it: read once from the generated classes'
 * metadata, then used both to derive the Spark schema and to build the decoding plan.
 */
sealed interface ThriftType {

  /** The type code this value has on the wire (enums travel as i32). */
  byte wireType();

  /** bool, i8, i16, i32, i64, double, string or binary. */
  record Primitive(byte wireType, boolean binary) implements ThriftType {}

  /** Enum values are kept by name; the number is only the wire form. */
  record Enum(Class<?> enumClass, Map<Integer, String> namesByValue) implements ThriftType {
    @Override
    public byte wireType() {
      return TType.I32;
    }
  }

  record ListOf(ThriftType element, boolean isSet) implements ThriftType {
    @Override
    public byte wireType() {
      return isSet ? TType.SET : TType.LIST;
    }
  }

  record MapOf(ThriftType key, ThriftType value) implements ThriftType {
    @Override
    public byte wireType() {
      return TType.MAP;
    }
  }

  /** A struct, or a union (exactly one member set), with its fields in declaration order. */
  record Struct(Class<?> structClass, boolean isUnion, List<Field> fields) implements ThriftType {
    @Override
    public byte wireType() {
      return TType.STRUCT;
    }

    String name() {
      return structClass.getSimpleName();
    }
  }

  record Field(short id, String name, boolean required, ThriftType type) {}
}
