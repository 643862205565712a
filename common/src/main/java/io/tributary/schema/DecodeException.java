package io.tributary.schema;

/** A record that does not match the reader's schema. Carries no stack trace: it describes data, not code. */
public final class DecodeException extends Exception {
  private final ErrorKind kind;

  public DecodeException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return kind + ": " + getMessage();
  }
}
