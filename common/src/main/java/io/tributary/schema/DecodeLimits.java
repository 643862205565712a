package io.tributary.schema;

import java.io.Serializable;

/**
 * Bounds a single record may not exceed. They protect executors from corrupt or hostile bytes
 * that announce gigantic collections or deep nesting.
 *
 * @param maxCollectionSize most elements in one list, set or map
 * @param maxBinaryBytes most bytes in one string or binary value
 * @param maxDepth deepest nesting of structs and containers, including skipped unknown fields
 */
public record DecodeLimits(int maxCollectionSize, int maxBinaryBytes, int maxDepth) implements Serializable {
  public static final DecodeLimits DEFAULT = new DecodeLimits(1_000_000, 16 * 1024 * 1024, 64);

  public DecodeLimits {
    if (maxCollectionSize < 0 || maxBinaryBytes < 0 || maxDepth < 1) {
      throw new IllegalArgumentException("decode limits must be positive: " + maxCollectionSize + ", "
          + maxBinaryBytes + ", " + maxDepth);
    }
  }
}
