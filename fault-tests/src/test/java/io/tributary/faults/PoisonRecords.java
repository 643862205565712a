package io.tributary.faults;

import io.tributary.events.ListingEvent;
import io.tributary.events.ReservationEvent;
import io.tributary.sample.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Good listing records with about {@code rate} bad ones mixed in, each of a kind a real topic sees: cut short,
 * written with the other protocol, random garbage, empty, or a well-formed event of another type (schema-violating).
 * Remembers where each bad one is, so the test can find every one of them among the dead letters.
 */
final class PoisonRecords {
  enum Kind { TRUNCATED, WRONG_PROTOCOL, GARBAGE, EMPTY, OTHER_EVENT_TYPE }

  private final List<PacedProducer.Payload> payloads = new ArrayList<>();
  private final List<Integer> poisonIndexes = new ArrayList<>();
  private final List<ListingEvent> good = new ArrayList<>();

  PoisonRecords(List<ListingEvent> events, double rate, long seed) {
    Random random = new Random(seed);
    Kind[] kinds = Kind.values();
    for (ListingEvent e : events) {
      if (random.nextDouble() < rate) {
        poisonIndexes.add(payloads.size());
        payloads.add(new PacedProducer.Payload("poison".getBytes(StandardCharsets.UTF_8),
            poison(kinds[poisonIndexes.size() % kinds.length], e, random)));
      }
      good.add(e);
      payloads.addAll(ListingStreams.payloads(List.of(e)));
    }
  }

  private static byte[] poison(Kind kind, ListingEvent e, Random random) {
    return switch (kind) {
      case TRUNCATED -> {
        byte[] whole = SampleEvents.compact(e);
        yield Arrays.copyOf(whole, whole.length / 2);
      }
      case WRONG_PROTOCOL -> SampleEvents.binary(e);
      case GARBAGE -> {
        byte[] bytes = new byte[16 + random.nextInt(200)];
        random.nextBytes(bytes);
        yield bytes;
      }
      case EMPTY -> new byte[0];
      case OTHER_EVENT_TYPE -> {
        ReservationEvent other = SampleEvents.reservation(random, e.getListing_id(), e.getMutation_id(),
            e.getEvent_time_ms());
        yield SampleEvents.compact(other);
      }
    };
  }

  List<PacedProducer.Payload> payloads() {
    return payloads;
  }

  List<Integer> poisonIndexes() {
    return poisonIndexes;
  }

  List<ListingEvent> good() {
    return good;
  }
}
