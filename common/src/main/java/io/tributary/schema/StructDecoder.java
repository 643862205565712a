package io.tributary.schema;

/**
 * Decodes one top-level struct from a reader into a buffer: either the decoding plan itself
 * ({@link ValueWriter.StructWriter}) or a class generated from it ({@link GeneratedDecoders}).
 */
interface StructDecoder {
  /** Appends the struct read from {@code in} to {@code out}; returns where it starts. */
  int decode(WireReader in, UnsafeRowBuffer out) throws DecodeException;
}
