package io.tributary.hbase;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.Partitioner;

/**
 * Spark partition i = region i of the table, from the region start keys read on the driver when the batch starts.
 * One task then talks to one region server for its whole partition, and in bulk mode each HFile fits one region
 * (if a region split in between, BulkLoadHFiles splits the file; nothing is lost).
 */
final class RegionPartitioner extends Partitioner {
  private final byte[][] startKeys;

  RegionPartitioner(byte[][] startKeys) {
    byte[][] sorted = startKeys.length == 0 ? new byte[][] {new byte[0]} : startKeys.clone();
    Arrays.sort(sorted, Bytes.BYTES_COMPARATOR);
    this.startKeys = sorted;
  }

  @Override
  public int numPartitions() {
    return startKeys.length;
  }

  @Override
  public int getPartition(Object key) {
    return regionOf(((ByteKey) key).bytes());
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

  /** Shuffle sort order of row keys within a partition. */
  static Comparator<ByteKey> rowOrder() {
    return (Comparator<ByteKey> & java.io.Serializable) ByteKey::compareTo;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RegionPartitioner that && Arrays.deepEquals(startKeys, that.startKeys);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(startKeys);
  }
}
