package io.tributary.schema;

/** A Thrift class that cannot be turned into a Spark schema (for example a recursive struct). */
public final class SchemaException extends RuntimeException {
  public SchemaException(String message) {
    super(message);
  }

  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
