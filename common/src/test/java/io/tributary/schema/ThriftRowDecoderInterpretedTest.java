package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every decoder test again, on the interpreted plan: the fallback where no decoder can be generated. */
class ThriftRowDecoderInterpretedTest extends ThriftRowDecoderTest {
  @Override
  ThriftRowDecoder decoder(Class<?> cls, WireProtocol protocol, DecodeLimits limits) {
    ThriftRowDecoder decoder = ThriftRowDecoder.interpreted(cls, protocol, limits);
    assertFalse(decoder.usesGeneratedCode());
    return decoder;
  }
}
