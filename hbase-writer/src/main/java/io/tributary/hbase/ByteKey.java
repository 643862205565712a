package io.tributary.hbase;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.hadoop.hbase.util.Bytes;

/** A row key as a Spark shuffle key: equality by content, order as HBase's (unsigned lexicographic). */
record ByteKey(byte[] bytes) implements Comparable<ByteKey>, Serializable {
  @Override
  public int compareTo(ByteKey other) {
    return Bytes.compareTo(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteKey that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Bytes.toStringBinary(bytes);
  }
}
