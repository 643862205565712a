package io.tributary.driver;

/** Short, log-friendly renderings of failures. */
final class Messages {
  private Messages() {}

  /**
   * The first line of the most specific message: the outermost exception's if it is our own (it names store,
   * target and record), else the root cause's; Spark's own wrappers carry whole stack traces in theirs.
   */
  static String firstLine(Throwable e) {
    Throwable chosen = e;
    if (!(e instanceof io.tributary.sink.SinkWriteException)) {
      while (chosen.getCause() != null && chosen.getCause() != chosen) {
        chosen = chosen.getCause();
      }
    }
    String message = String.valueOf(chosen.getMessage());
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return chosen == e ? line : chosen.getClass().getSimpleName() + ": " + line;
  }
}
