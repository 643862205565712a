package io.tributary.faults;

import java.time.Duration;

/**
 * How long the outage tests take a store away and how many events flow meanwhile. The switch is the suite's
 * ({@code -Dfaults.full=true} from {@code bin/tributary faults}): 60 s outages in the full run, 15 s in CI; each
 * can be set on its own with {@code -Dfaults.outageSeconds=} and {@code -Dfaults.outageEvents=}.
 */
record OutageSizes(Duration outage, int events, boolean full) {
  static OutageSizes fromSystemProperties() {
    boolean full = FaultSizes.fromSystemProperties().full();
    return new OutageSizes(Duration.ofSeconds(Integer.getInteger("faults.outageSeconds", full ? 60 : 15)),
        Integer.getInteger("faults.outageEvents", full ? 40_000 : 6_000), full);
  }

  /** Events arrive before, during and after the outage: it starts a few seconds in and ends before they stop. */
  Duration producing() {
    return outage.plusSeconds(full ? 40 : 12);
  }

  Duration beforeOutage() {
    return Duration.ofSeconds(full ? 15 : 5);
  }

  /**
   * A retry block that outlasts the outage twice over, plus the store's own restart: waits of 1, 2, 4, 8 s then
   * 10 s each.
   */
  String retryBlock() {
    long attempts = 4 + (2 * outage.toSeconds() + 60) / 10;
    return "retry { max_attempts = " + attempts + ", initial_backoff = 1s, max_backoff = 10s }";
  }
}
