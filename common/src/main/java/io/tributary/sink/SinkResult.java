package io.tributary.sink;

/**
 * @param written rows the store accepted
 * @param skippedStale rows the store refused as older than what it holds (an external version conflict): expected
 *     on replays and out-of-order events, not a failure
 */
public record SinkResult(long written, long skippedStale) {
  public static SinkResult written(long rows) {
    return new SinkResult(rows, 0);
  }
}
