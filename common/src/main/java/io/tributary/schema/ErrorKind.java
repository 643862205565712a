package io.tributary.schema;

/** Why a record could not be decoded; each kind has its own dead-letter counter. */
public enum ErrorKind {
  /** The bytes end before the value they announce. */
  TRUNCATED,
  /** Bytes that no writer of this protocol produces: bad type codes, negative sizes, trailing bytes (often the wrong protocol). */
  MALFORMED,
  /** A known field arrived with a different wire type than the reader's schema declares. */
  TYPE_MISMATCH,
  /** A required field is absent. */
  MISSING_REQUIRED_FIELD,
  /** An enum value the reader's enum does not define. */
  UNKNOWN_ENUM,
  /** A union with no member or more than one member set. */
  INVALID_UNION,
  /** A list, set, map, string or binary larger than the configured limit. */
  OVERSIZED,
  /** Containers or structs nested deeper than the configured limit. */
  NESTING_TOO_DEEP,
  /** The Kafka record has no value at all (a tombstone or an empty payload). */
  EMPTY_PAYLOAD,
  /** An unexpected failure inside the decoder; a bug, but the record is kept rather than the job killed. */
  DECODER_ERROR
}
