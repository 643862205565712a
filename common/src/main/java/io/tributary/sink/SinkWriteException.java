package io.tributary.sink;

/** A write the store refused for a reason other than staleness; the message names store, index/table and record. */
public final class SinkWriteException extends RuntimeException {
  public SinkWriteException(String store, String target, String record, String reason, Throwable cause) {
    super(store + " " + target + ": writing " + record + " failed: " + reason, cause);
  }
}
