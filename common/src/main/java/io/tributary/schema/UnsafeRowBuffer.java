package io.tributary.schema;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * Writes Spark's binary row format ({@link UnsafeRow}, {@code UnsafeArrayData}, {@code UnsafeMapData}) into one
 * growable byte array.
 *
 * <p>Written by hand instead of using Spark's {@code UnsafeRowWriter}/{@code UnsafeArrayWriter}: those are made
 * for generated code that knows every size in advance, and cost a buffer-holder indirection, a capacity check, a
 * padding pass and an {@code Unsafe.copyMemory} call per value; here a struct's or array's fixed part is cleared
 * once and values are plain stores. Measured with {@code bin/tributary bench decode}. The layout is Spark's,
 * checked by the decoder tests reading every value back through Spark's own accessors:
 * <ul>
 *   <li>struct: null bits (one bit per field, in 8-byte words), then one 8-byte slot per field; fixed-width values
 *       sit in their slot, variable-length ones are appended and their slot holds {@code offset << 32 | size},
 *       the offset counted from the struct's start;
 *   <li>array: element count (8 bytes), null bits (8-byte words), elements of their width rounded up to 8 bytes
 *       in all, then variable-length data, offsets counted from the array's start;
 *   <li>map: the key array's size in bytes (8 bytes), the key array, the value array.
 * </ul>
 *
 * <p>Stores go through Spark's {@link Platform} (Unsafe), as Spark's own row writers do, in the native byte order
 * Spark reads rows with: a bounds-checked store (a {@code VarHandle} byte-array view) measured 11% slower. Every
 * store is within what {@link #ensure} made room for; the bounds are asserted, so the tests (run with {@code -ea})
 * check every store the decoders make.
 */
final class UnsafeRowBuffer {
  private byte[] buf = new byte[4096];
  private int cursor;

  void reset() {
    cursor = 0;
  }

  int cursor() {
    return cursor;
  }

  private void ensure(int more) {
    if (more > buf.length - cursor) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, cursor + more));
    }
  }

  static int nullBitsBytes(int fields) {
    return ((fields + 63) / 64) * 8;
  }

  /**
   * Appends a struct's null bits, cleared, and its slots, not cleared: the caller writes every slot, whole
   * (8 bytes, zero-extended) for present fields and zero for absent ones. Returns the struct's start.
   */
  int beginStruct(int nullBitsBytes, int fixedBytes) {
    ensure(fixedBytes);
    int start = cursor;
    clearWords(start, nullBitsBytes);
    cursor += fixedBytes;
    return start;
  }

  /** Null bits are whole words, and word stores beat a byte fill at these sizes. */
  private void clearWords(int from, int bytes) {
    for (int i = from, end = from + bytes; i < end; i += 8) {
      storeLong(i, 0L);
    }
  }

  /**
   * Appends an array's header, with its count set and null bits cleared, and its element slots, of which only
   * the last word is cleared (the padding after narrow elements): Thrift containers have no null elements, so the
   * caller writes every element. Returns the array's start.
   */
  int beginArray(int count, int elementSize) {
    int header = 8 + nullBitsBytes(count);
    int fixed = header + (int) roundToWord((long) count * elementSize);
    ensure(fixed);
    int start = cursor;
    storeLong(start, (long) count);
    clearWords(start + 8, header - 8);
    if (fixed > header) {
      storeLong(start + fixed - 8, 0L);
    }
    cursor += fixed;
    return start;
  }

  /** Where element {@code i} of the array at {@code start} goes. */
  static int elementSlot(int start, int count, int elementSize, int i) {
    return start + 8 + nullBitsBytes(count) + i * elementSize;
  }

  /** Reserves a map's leading word (its key array's size); returns the map's start. */
  int beginMap() {
    ensure(8);
    int start = cursor;
    cursor += 8;
    return start;
  }

  void endMapKeys(int mapStart) {
    storeLong(mapStart, (long) (cursor - mapStart - 8));
  }

  /** Appends bytes, padded with zeros to a whole word; returns where they start. */
  int appendBytes(byte[] src, int offset, int length) {
    int rounded = (length + 7) & ~7;
    ensure(rounded);
    int at = cursor;
    if (rounded > length) {
      storeLong(at + rounded - 8, 0L); // the padding, before the copy overwrites its first bytes
    }
    System.arraycopy(src, offset, buf, at, length);
    cursor += rounded;
    return at;
  }

  /** Points a slot at variable-length data written at {@code at}, relative to its container at {@code base}. */
  void setOffsetAndSize(int slot, int base, int at, int size) {
    storeLong(slot, ((long) (at - base) << 32) | (size & 0xffffffffL));
  }

  void setNull(int containerBitsStart, int index) {
    int word = containerBitsStart + (index >> 6) * 8;
    assert inBounds(word, 8);
    storeLong(word, Platform.getLong(buf, Platform.BYTE_ARRAY_OFFSET + word) | (1L << (index & 63)));
  }

  void putBoolean(int slot, boolean value) {
    buf[slot] = (byte) (value ? 1 : 0); // plain array stores: checked, and as fast
  }

  void putByte(int slot, byte value) {
    buf[slot] = value;
  }

  void putShort(int slot, short value) {
    assert inBounds(slot, 2);
    Platform.putShort(buf, Platform.BYTE_ARRAY_OFFSET + slot, value);
  }

  void putInt(int slot, int value) {
    assert inBounds(slot, 4);
    Platform.putInt(buf, Platform.BYTE_ARRAY_OFFSET + slot, value);
  }

  void putLong(int slot, long value) {
    storeLong(slot, value);
  }

  private void storeLong(int at, long value) {
    assert inBounds(at, 8);
    Platform.putLong(buf, Platform.BYTE_ARRAY_OFFSET + at, value);
  }

  /** Stores are unchecked: this is what {@code -ea} checks each one against. */
  private boolean inBounds(int at, int width) {
    return at >= 0 && at + width <= buf.length;
  }

  void putDouble(int slot, double value) {
    assert inBounds(slot, 8);
    Platform.putDouble(buf, Platform.BYTE_ARRAY_OFFSET + slot, value);
  }

  /** Points {@code row} at the struct written from the start of the buffer. */
  void pointTo(UnsafeRow row) {
    row.pointTo(buf, Platform.BYTE_ARRAY_OFFSET, cursor);
  }

  private static long roundToWord(long bytes) {
    return (bytes + 7) & ~7L;
  }
}
