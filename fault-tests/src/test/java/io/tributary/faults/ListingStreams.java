package io.tributary.faults;

import io.tributary.events.ListingEvent;
import io.tributary.sample.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Listing events as users' producers send them: updates, ~5% duplicates, ~10% deletes, out of order. */
final class ListingStreams {
  private ListingStreams() {}

  static List<ListingEvent> events(FaultSizes sizes) {
    return SampleEvents.stream().seed(sizes.seed()).entities(sizes.entities(5)).mutationsPerEntity(5)
        .deleteRate(0.10).duplicateRate(0.05).outOfOrder(true).spanDays(1).listings();
  }

  /** Keyed by listing id (compact protocol, as the job files declare). */
  static List<PacedProducer.Payload> payloads(List<ListingEvent> events) {
    return events.stream().map(e -> new PacedProducer.Payload(
        Long.toString(e.getListing_id()).getBytes(StandardCharsets.UTF_8), SampleEvents.compact(e))).toList();
  }
}
