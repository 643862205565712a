package io.tributary.hbase;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Maps a row key to its region (from the start keys read on the driver when the batch starts) and to a Spark
 * shuffle token that lands region i in partition i of {@code repartition(regions, token)}.
 *
 * <p>Why tokens: the shuffle then runs in Spark SQL (UnsafeRows, no Java serialization of objects), but Spark SQL
 * only hash-partitions: partition = pmod(murmur3(value, 42), n). For each region we pick the smallest int whose hash
 * lands in that region's partition. If a Spark version ever hashed differently, two regions could share a
 * partition: still correct (partitions are sorted by key, so region by region, and HFiles roll per region), only
 * less parallel.
 */
final class RegionRouting implements Serializable {
  /** Spark's HashPartitioning seed (Murmur3Hash default). */
  private static final int SPARK_HASH_SEED = 42;

  private final byte[][] startKeys;
  private final int[] tokens;

  RegionRouting(byte[][] regionStartKeys) {
    byte[][] sorted = regionStartKeys.length == 0 ? new byte[][] {new byte[0]} : regionStartKeys.clone();
    Arrays.sort(sorted, Bytes.BYTES_COMPARATOR);
    this.startKeys = sorted;
    this.tokens = new int[sorted.length];
    for (int region = 0; region < sorted.length; region++) {
      int candidate = 0;
      while (Math.floorMod(Murmur3_x86_32.hashInt(candidate, SPARK_HASH_SEED), sorted.length) != region) {
        candidate++;
      }
      tokens[region] = candidate;
    }
  }

  int regions() {
    return startKeys.length;
  }

  /** The last region whose start key is <= row (the first region starts at the empty key). */
  int regionOf(byte[] row) {
    int lo = 0;
    int hi = startKeys.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (Bytes.compareTo(startKeys[mid], row) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The shuffle token of the row's region. */
  int tokenOf(byte[] row) {
    return tokens[regionOf(row)];
  }
}
