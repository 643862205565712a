package io.tributary.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import io.tributary.events.ReservationEvent;
import io.tributary.shaded.thrift.TDeserializer;
import io.tributary.shaded.thrift.protocol.TBinaryProtocol;
import io.tributary.shaded.thrift.protocol.TCompactProtocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

class SampleEventsTest {

    @Test
    void benchmarkListingIsAboutOneKilobyteCompact() {
        ListingEvent e = SampleEvents.benchmarkListing(7);
        byte[] compact = SampleEvents.compact(e);
        byte[] binary = SampleEvents.binary(e);
        System.out.println("benchmark ListingEvent: " + compact.length + " bytes compact, " + binary.length
            + " bytes binary");
        assertTrue(compact.length >= 700 && compact.length <= 1500, "compact size " + compact.length);
        assertTrue(binary.length > compact.length);

        List<ListingEvent> many = SampleEvents.benchmarkListings(512, 1);
        long total = 0;
        for (ListingEvent l : many) {
            total += SampleEvents.compact(l).length;
        }
        double avg = (double) total / many.size();
        System.out.println("benchmarkListings avg: " + avg + " bytes compact");
        assertTrue(avg >= 700 && avg <= 1500, "avg compact size " + avg);
    }

    @Test
    void typicalListingHasEveryFieldSet() {
        ListingEvent e = SampleEvents.listing(new Random(3), 1L, 2L, SampleEvents.DEFAULT_START_MS);
        for (ListingEvent._Fields f : ListingEvent._Fields.values()) {
            assertTrue(e.isSet(f), "unset: " + f);
        }
        assertTrue(e.getAddress().isSetLocation() && e.getAddress().isSetPostal_code());
        assertTrue(e.getPhotosSize() >= 3 && e.getPhotosSize() <= 8);
        e.getPhotos().forEach(p -> assertTrue(p.isSetCaption() && p.isSetWidth() && p.isSetHeight()));
        assertTrue(e.getNightly_pricesSize() >= 10 && e.getNightly_pricesSize() <= 30);
        assertEquals(SampleEvents.THUMBNAIL_BYTES, e.getThumbnail().length);
        assertTrue(e.getPrice_rule().isSet());
        assertFalse(e.getAvailability_blocks().isEmpty());
        e.getAvailability_blocks().forEach(b -> assertEquals(2, b.size()));
        assertFalse(e.getPhotos_by_room().isEmpty());

        ReservationEvent r = SampleEvents.reservation(new Random(3), 1L, 2L, SampleEvents.DEFAULT_START_MS);
        for (ReservationEvent._Fields f : ReservationEvent._Fields.values()) {
            if (f != ReservationEvent._Fields.SPECIAL_REQUESTS) { // may legitimately be an empty list
                assertTrue(r.isSet(f), "unset: " + f);
            }
        }
    }

    @Test
    void sameSeedSameOutputDifferentSeedDifferentOutput() {
        assertEquals(SampleEvents.benchmarkListing(11), SampleEvents.benchmarkListing(11));
        assertArrayEquals(SampleEvents.compact(SampleEvents.benchmarkListing(11)),
            SampleEvents.compact(SampleEvents.benchmarkListing(11)));
        assertNotEquals(SampleEvents.benchmarkListing(11), SampleEvents.benchmarkListing(12));

        SampleEvents.StreamBuilder b = SampleEvents.stream().seed(5).entities(50).mutationsPerEntity(4)
            .deleteRate(0.2).duplicateRate(0.2).outOfOrder(true);
        assertEquals(b.listings(), b.listings());
        assertEquals(b.reservations(), b.reservations());
        assertNotEquals(b.listings(), SampleEvents.stream().seed(6).entities(50).mutationsPerEntity(4)
            .deleteRate(0.2).duplicateRate(0.2).outOfOrder(true).listings());
    }

    @Test
    void inOrderStreamHasIncreasingMutationIdsPerEntity() {
        List<ListingEvent> s = SampleEvents.stream().seed(1).entities(20).mutationsPerEntity(6).spanDays(3)
            .listings();
        assertEquals(120, s.size());
        Map<Long, Long> last = new HashMap<>();
        long prevTime = Long.MIN_VALUE;
        for (ListingEvent e : s) {
            Long before = last.put(e.getListing_id(), e.getMutation_id());
            if (before != null) {
                assertTrue(e.getMutation_id() > before, "mutation ids must grow per entity");
            }
            assertTrue(e.getEvent_time_ms() >= prevTime, "in-order stream is sorted by event time");
            prevTime = e.getEvent_time_ms();
            assertTrue(e.getEvent_time_ms() >= SampleEvents.DEFAULT_START_MS
                && e.getEvent_time_ms() < SampleEvents.DEFAULT_START_MS + 3 * SampleEvents.DAY_MS);
        }
        assertEquals(20, last.size());
        assertTrue(s.stream().allMatch(e -> e.getOperation() == Operation.UPSERT), "no deletes by default");
        // Spread over a few days, not bunched up.
        long min = s.stream().mapToLong(ListingEvent::getEvent_time_ms).min().getAsLong();
        long max = s.stream().mapToLong(ListingEvent::getEvent_time_ms).max().getAsLong();
        assertTrue(max - min > 2 * SampleEvents.DAY_MS);
    }

    @Test
    void deletesCarryOnlyRequiredFields() {
        List<ListingEvent> s = SampleEvents.stream().seed(2).entities(100).mutationsPerEntity(5).deleteRate(0.25)
            .listings();
        List<ListingEvent> deletes = new ArrayList<>();
        s.forEach(e -> {
            if (e.getOperation() == Operation.DELETE) {
                deletes.add(e);
            }
        });
        // 400 eligible mutations at 25%: expect ~100.
        assertTrue(deletes.size() > 60 && deletes.size() < 140, "deletes: " + deletes.size());
        for (ListingEvent d : deletes) {
            assertFalse(d.isSetTitle() || d.isSetAddress() || d.isSetPhotos() || d.isSetThumbnail());
        }
        List<ReservationEvent> r = SampleEvents.stream().seed(2).entities(100).mutationsPerEntity(5)
            .deleteRate(0.25).reservations();
        assertTrue(r.stream().anyMatch(e -> e.getOperation() == Operation.DELETE));
    }

    @Test
    void duplicatesAndShuffling() {
        List<ListingEvent> plain = SampleEvents.stream().seed(9).entities(100).mutationsPerEntity(3).listings();
        List<ListingEvent> dup = SampleEvents.stream().seed(9).entities(100).mutationsPerEntity(3)
            .duplicateRate(0.3).listings();
        assertEquals(300, plain.size());
        assertTrue(dup.size() > 330 && dup.size() < 400, "with duplicates: " + dup.size());
        Set<String> distinct = new HashSet<>();
        dup.forEach(e -> distinct.add(e.getListing_id() + "/" + e.getMutation_id()));
        assertEquals(300, distinct.size(), "duplicates are copies of existing mutations");

        List<ListingEvent> shuffled = SampleEvents.stream().seed(9).entities(100).mutationsPerEntity(3)
            .duplicateRate(0.3).outOfOrder(true).listings();
        assertEquals(dup.size(), shuffled.size());
        assertEquals(new HashSet<>(dup), new HashSet<>(shuffled));
        int inversions = 0;
        Map<Long, Long> last = new HashMap<>();
        for (ListingEvent e : shuffled) {
            Long before = last.put(e.getListing_id(), e.getMutation_id());
            if (before != null && e.getMutation_id() < before) {
                inversions++;
            }
        }
        assertTrue(inversions > 20, "out-of-order stream should have per-entity inversions: " + inversions);
    }

    @Test
    void serializersRoundTrip() throws Exception {
        ListingEvent e = SampleEvents.benchmarkListing(3);
        ListingEvent viaCompact = new ListingEvent();
        new TDeserializer(new TCompactProtocol.Factory()).deserialize(viaCompact, SampleEvents.compact(e));
        assertEquals(e, viaCompact);
        ListingEvent viaBinary = new ListingEvent();
        new TDeserializer(new TBinaryProtocol.Factory()).deserialize(viaBinary, SampleEvents.serialize(e, false));
        assertEquals(e, viaBinary);
        assertEquals(2, SampleEvents.serializeAll(List.of(e, e), true).size());
    }
}
