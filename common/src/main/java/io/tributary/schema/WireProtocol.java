package io.tributary.schema;

import java.util.Locale;

/** The Thrift wire encodings a job can read, chosen per source in the job file. */
public enum WireProtocol {
  BINARY,
  COMPACT;

  WireReader newReader(DecodeLimits limits) {
    return this == BINARY ? new BinaryWireReader(limits) : new CompactWireReader(limits);
  }

  /** Parses a job-file value ({@code binary} or {@code compact}, any case). */
  public static WireProtocol parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown Thrift protocol '" + name + "', expected binary or compact", e);
    }
  }
}
