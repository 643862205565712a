package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.events.fixtures.Inner;
import io.tributary.shaded.thrift.protocol.TType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedDecodersTest {
  @Test
  void everyProtocolGetsAGeneratedDecoder() {
    for (WireProtocol protocol : WireProtocol.values()) {
      assertTrue(ThriftRowDecoder.create(ListingEvent.class, protocol).usesGeneratedCode(), protocol.name());
    }
  }

  @Test
  void aStructOfMoreThan64FieldsRunsThePlan() {
    // The generated code keeps which fields it saw in one long; the plan has no such limit.
    List<ThriftType.Field> fields = new ArrayList<>();
    for (short id = 1; id <= 65; id++) {
      fields.add(new ThriftType.Field(id, "f" + id, false, new ThriftType.Primitive(TType.I32, false)));
    }
    ValueWriter.StructWriter wide = new ValueWriter.StructWriter(new ThriftType.Struct(Inner.class, false, fields), "");
    assertFalse(DecoderSource.supports(wide));
    assertTrue(GeneratedDecoders.factory(wide, WireProtocol.COMPACT).isEmpty());
  }

  @Test
  void aSystemPropertyTurnsCodeGenerationOff() {
    System.setProperty(GeneratedDecoders.DISABLE_PROPERTY, "false");
    try {
      assertFalse(ThriftRowDecoder.create(Inner.class, WireProtocol.COMPACT).usesGeneratedCode());
    } finally {
      System.clearProperty(GeneratedDecoders.DISABLE_PROPERTY);
    }
    assertTrue(ThriftRowDecoder.create(Inner.class, WireProtocol.COMPACT).usesGeneratedCode());
  }
}
