package io.tributary.faults;

/**
 * How hard the suite pushes: CI runs a bounded version (fewer events, the same number of real kills), {@code
 * bin/tributary faults} the full one ({@code -Dfaults.full=true}). Each figure can be set on its own with
 * {@code -Dfaults.events=}, {@code -Dfaults.kills=}, {@code -Dfaults.seed=}.
 */
record FaultSizes(int events, int kills, long seed, boolean full) {
  static final int FULL_EVENTS = 200_000;
  static final int BOUNDED_EVENTS = 24_000;

  static FaultSizes fromSystemProperties() {
    boolean full = Boolean.getBoolean("faults.full");
    int events = Integer.getInteger("faults.events", full ? FULL_EVENTS : BOUNDED_EVENTS);
    int kills = Integer.getInteger("faults.kills", full ? 6 : 5);
    long seed = Long.getLong("faults.seed", 20260101L);
    return new FaultSizes(events, kills, seed, full);
  }

  /** Entities for a stream of about {@link #events()} events with {@code mutations} mutations each. */
  int entities(int mutations) {
    return Math.max(1, events / mutations);
  }

  /** The same run with about {@code factor} times the events. */
  FaultSizes scaled(double factor) {
    return new FaultSizes((int) (events * factor), kills, seed, full);
  }

  /** The same run without kills: the job just streams (poison, broker restart). */
  FaultSizes withoutKills() {
    return new FaultSizes(events, 0, seed, full);
  }

  String describe() {
    return (full ? "full" : "bounded") + " run: ~" + events + " events, " + kills + " kills, seed " + seed;
  }
}
