package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UnsafeRowBufferTest {
  @Test
  void storesAreBoundsCheckedWhenAssertionsAreOn() {
    // The buffer stores through Unsafe; the tests run with -ea so every store the decoders make is checked.
    UnsafeRowBuffer buffer = new UnsafeRowBuffer();
    buffer.beginStruct(8, 16);
    assertThrows(AssertionError.class, () -> buffer.putLong(1 << 20, 1L));
    assertThrows(AssertionError.class, () -> buffer.putInt(-4, 1));
  }
}
