package io.tributary.localstack;

/** A server could not be resolved, started, checked or stopped. */
public class LocalStackException extends RuntimeException {
    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
