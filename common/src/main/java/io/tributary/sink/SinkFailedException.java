package io.tributary.sink;

/**
 * A batch the driver gave up on: the store kept failing through every retry, or failed in a way retrying cannot
 * fix. The job ends with this message, which names the sink, its store, the batch and the last error.
 */
public final class SinkFailedException extends RuntimeException {
  public SinkFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** This exception if it is in {@code e}'s cause chain, so the job's last line can be its message alone. */
  public static java.util.Optional<SinkFailedException> in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SinkFailedException failed) {
        return java.util.Optional.of(failed);
      }
    }
    return java.util.Optional.empty();
  }
}
