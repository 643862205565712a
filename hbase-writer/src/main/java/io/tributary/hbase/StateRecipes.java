package io.tributary.hbase;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Two recipes from the talk, built on {@link StateStore}.
 *
 * <ul>
 *   <li>Exact distinct count over a long window: one row per {@code entity#visitor}, each visit written at its
 *       event time (the sink's version column). Visitors of an entity in {@code [from, until)} are the rows under the
 *       prefix {@code entity#} with a cell in that time range: exact, unlike HyperLogLog, and a scan rather than a
 *       GROUP BY over months of events. With VERSIONS = 1 only the latest visit is kept, so windows must end now
 *       (or keep more versions).</li>
 *   <li>Moving average from versioned counters: one cell per counter, one version per period (e.g. nightly bookings
 *       at the day's timestamp); the average of the versions in a window needs VERSIONS >= the window's periods.</li>
 * </ul>
 */
public final class StateRecipes {
  private StateRecipes() {}

  /** Distinct visitors of {@code entity} seen in {@code [fromMs, untilMs)}; keys are {@code entity<sep>visitor}. */
  public static long distinctVisitors(StateStore store, String entity, String separator, long fromMs, long untilMs) {
    byte[] prefix = (entity + separator).getBytes(StandardCharsets.UTF_8);
    return store.countRows(prefix, fromMs, untilMs);
  }

  /** Average of the versions of a long counter in {@code [fromVersion, untilVersion)}; empty if there are none. */
  public static OptionalDouble movingAverage(StateStore store, byte[] key, String qualifier, long fromVersion,
      long untilVersion) {
    List<StateStore.Versioned> versions = store.versions(key, qualifier, fromVersion, untilVersion);
    return versions.stream().mapToLong(StateStore.Versioned::asLong).average();
  }
}
