package io.tributary.demo;

import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import io.tributary.events.ReservationEvent;
import io.tributary.events.ReservationStatus;
import io.tributary.sample.SampleEvents;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What the demo publishes, and what the stores must hold afterwards, computed here in plain Java from the same
 * events: each listing's newest mutation (ES and HBase) and the booked reservations' sums per market (Druid).
 */
final class DemoEvents {
  /** The day of the listing events, and of the Hive partition the ES and HBase reindex reads. */
  static final String LISTINGS_DAY = "2026-11-20";
  /** The reservation day the Druid reindex replaces (reservations span three days from {@link #LISTINGS_DAY}). */
  static final String RESERVATIONS_REINDEX_DAY = "2026-11-21";

  private static final int LISTINGS = 2_000;
  private static final int RESERVATIONS = 3_000;
  private static final int UPDATED_DURING_REINDEX = 200;

  final List<ListingEvent> listings = SampleEvents.stream().seed(2017).entities(LISTINGS).mutationsPerEntity(5)
      .deleteRate(0.05).duplicateRate(0.05).outOfOrder(true).spanDays(1).listings();
  final List<ReservationEvent> reservations = SampleEvents.stream().seed(7).entities(RESERVATIONS)
      .mutationsPerEntity(2).outOfOrder(true).spanDays(3).reservations();
  /** Newer mutations of some listings, published while the reindex runs: none may be lost after the swap. */
  final List<ListingEvent> updatesDuringReindex = newerMutations(listings, UPDATED_DURING_REINDEX);

  /** Records the listing decoder must refuse: truncated, wrong protocol, empty, another event type. */
  static List<byte[]> corruptListings(ListingEvent listing, ReservationEvent reservation) {
    return List.of(new byte[] {0x15, 0x02}, SampleEvents.binary(listing), new byte[0],
        SampleEvents.compact(reservation));
  }

  static List<byte[]> corruptReservations(ReservationEvent sample) {
    byte[] whole = SampleEvents.binary(sample);
    return List.of(java.util.Arrays.copyOf(whole, whole.length / 2), SampleEvents.compact(sample));
  }

  private static List<ListingEvent> newerMutations(List<ListingEvent> listings, int count) {
    Map<Long, Long> newest = newestMutation(listings);
    Random rnd = new Random(99);
    long time = SampleEvents.DEFAULT_START_MS + SampleEvents.DAY_MS - 60_000; // late on the same day
    List<ListingEvent> out = new ArrayList<>();
    for (long id : newest.keySet().stream().sorted().limit(count).toList()) {
      out.add(SampleEvents.listing(rnd, id, newest.get(id) + 10, time));
    }
    return out;
  }

  private static Map<Long, Long> newestMutation(List<ListingEvent> listings) {
    Map<Long, Long> newest = new HashMap<>();
    for (ListingEvent e : listings) {
      newest.merge(e.getListing_id(), e.getMutation_id(), Math::max);
    }
    return newest;
  }

  /** Each listing's newest mutation over everything published. */
  Map<Long, ListingEvent> finalListings() {
    Map<Long, ListingEvent> last = new TreeMap<>();
    for (List<ListingEvent> wave : List.of(listings, updatesDuringReindex)) {
      for (ListingEvent e : wave) {
        last.merge(e.getListing_id(), e, (a, b) -> a.getMutation_id() >= b.getMutation_id() ? a : b);
      }
    }
    return last;
  }

  /** The listings whose newest mutation is not a DELETE: what searches and point reads must find. */
  Map<Long, ListingEvent> liveListings() {
    Map<Long, ListingEvent> live = new TreeMap<>(finalListings());
    live.values().removeIf(e -> e.getOperation() == Operation.DELETE);
    return live;
  }

  /** Booked reservations per market: {rows, revenue}, what the Druid job's SQL keeps and sums. */
  Map<String, double[]> bookedByMarket() {
    Map<String, double[]> sums = new TreeMap<>();
    for (ReservationEvent e : reservations) {
      if (e.getStatus() == ReservationStatus.CONFIRMED || e.getStatus() == ReservationStatus.COMPLETED) {
        double[] s = sums.computeIfAbsent(e.getMarket(), m -> new double[2]);
        s[0] += 1;
        s[1] += e.getTotal_price().getAmount_micros() / 1_000_000.0;
      }
    }
    return sums;
  }

  long bookedCount() {
    return bookedByMarket().values().stream().mapToLong(s -> (long) s[0]).sum();
  }

  static String day(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
