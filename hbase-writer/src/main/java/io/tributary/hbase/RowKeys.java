package io.tributary.hbase;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Row keys: the key columns' string forms joined by a separator, optionally behind a one-byte salt. The salt spreads
 * monotonically growing ids over {@code n} pre-split regions; it is a pure function of the unsalted key, so readers
 * recompute it ({@link #salted}) and a replay lands on the same row.
 */
public final class RowKeys {
  private RowKeys() {}

  public static byte[] join(String separator, Object... parts) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        key.append(separator);
      }
      key.append(parts[i]);
    }
    return key.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code key} behind its salt byte, or {@code key} itself when {@code buckets} is 0. */
  public static byte[] salted(byte[] key, int buckets) {
    if (buckets <= 0) {
      return key;
    }
    byte[] out = new byte[key.length + 1];
    out[0] = saltOf(key, buckets);
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  /** Arrays.hashCode is specified (31-polynomial), so the salt is stable across JVMs and versions. */
  static byte saltOf(byte[] key, int buckets) {
    return (byte) Math.floorMod(Arrays.hashCode(key), buckets);
  }

  /** Start keys of a salted table's regions: the empty key, then the split points. */
  static byte[][] saltSplitsWithFirst(int buckets) {
    byte[][] splits = saltSplits(buckets);
    byte[][] starts = new byte[splits.length + 1][];
    starts[0] = new byte[0];
    System.arraycopy(splits, 0, starts, 1, splits.length);
    return starts;
  }

  /** Split points of a salted table: one region per bucket. */
  public static byte[][] saltSplits(int buckets) {
    byte[][] splits = new byte[Math.max(0, buckets - 1)][];
    for (int i = 1; i < buckets; i++) {
      splits[i - 1] = new byte[] {(byte) i};
    }
    return splits;
  }
}
