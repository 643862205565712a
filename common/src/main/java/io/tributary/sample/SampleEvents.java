package io.tributary.sample;

import io.tributary.events.Address;
import io.tributary.events.Amenity;
import io.tributary.events.GeoPoint;
import io.tributary.events.ListingEvent;
import io.tributary.events.Money;
import io.tributary.events.Operation;
import io.tributary.events.Photo;
import io.tributary.events.PriceRule;
import io.tributary.events.ReservationEvent;
import io.tributary.events.ReservationStatus;
import io.tributary.events.RoomType;
import io.tributary.shaded.thrift.TBase;
import io.tributary.shaded.thrift.TException;
import io.tributary.shaded.thrift.TSerializer;
import io.tributary.shaded.thrift.protocol.TBinaryProtocol;
import io.tributary.shaded.thrift.protocol.TCompactProtocol;
import io.tributary.shaded.thrift.protocol.TProtocolFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Deterministic (seeded) generator of realistic {@link ListingEvent} and {@link ReservationEvent} objects and
 * of event streams built from them, for tests, the demo and the benchmarks.
 *
 * <p>In the typical case every field of an UPSERT is populated: nested {@link Address} with {@link GeoPoint},
 * 3-8 captioned photos, an amenity set, 10-30 nightly prices, a ~200-byte thumbnail, a {@link PriceRule} union,
 * availability blocks ({@code list<list<i32>>}) and photos by room ({@code map<string,list<Photo>>}).
 * A DELETE carries only the required fields (mutation id, entity id, operation, event time).
 *
 * <p>Streams ({@link #stream()}) have knobs for the number of distinct entities, mutations per entity (ids grow
 * per entity), the share of DELETEs, duplicated deliveries, out-of-order delivery and the span of event times.
 * The same builder settings always produce equal output.
 */
public final class SampleEvents {

    /** 2026-11-20T00:00:00Z: the default start of the event-time window. */
    public static final long DEFAULT_START_MS = 1_795_132_800_000L;
    public static final long DAY_MS = 86_400_000L;
    /** Size of {@link ListingEvent#thumbnail} in generated UPSERTs. */
    public static final int THUMBNAIL_BYTES = 200;

    private static final String[] CITIES = {
        "Lisbon|PT|38.7223|-9.1393|lisbon", "Porto|PT|41.1579|-8.6291|porto", "Paris|FR|48.8566|2.3522|paris",
        "Berlin|DE|52.5200|13.4050|berlin", "Rome|IT|41.9028|12.4964|rome", "Barcelona|ES|41.3874|2.1686|barcelona",
        "Amsterdam|NL|52.3676|4.9041|amsterdam", "London|GB|51.5072|-0.1276|london",
        "New York|US|40.7128|-74.0060|nyc", "San Francisco|US|37.7749|-122.4194|sf",
        "Tokyo|JP|35.6762|139.6503|tokyo", "Mexico City|MX|19.4326|-99.1332|cdmx"};
    private static final String[] STREETS = {
        "Rua Augusta", "Main Street", "Rue de Rivoli", "Kastanienallee", "Via del Corso", "Carrer de Blai",
        "Prinsengracht", "Camden High Street", "Bedford Avenue", "Valencia Street", "Omotesando", "Calle Madero"};
    private static final String[] ADJECTIVES = {
        "Sunny", "Cozy", "Bright", "Quiet", "Charming", "Modern", "Spacious", "Rustic", "Elegant", "Airy"};
    private static final String[] NOUNS = {
        "loft", "studio", "flat", "apartment", "house", "cottage", "room", "penthouse", "townhouse", "suite"};
    private static final String[] FEATURES = {
        "near the old town", "with a view", "by the river", "with balcony", "close to metro", "with garden",
        "in the center", "by the beach"};
    private static final String[] ROOMS = {"living", "bedroom", "kitchen", "bathroom", "balcony"};
    private static final String[] CAPTIONS = {
        "Living room", "Main bedroom", "Kitchen", "Bathroom", "View from balcony", "Entrance", "Dining area",
        "Second bedroom"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY", "MXN"};
    private static final String[] CHANNELS = {"seo", "sem", "direct", "email", "social", "affiliate"};
    private static final String[] REQUESTS = {
        "late check-in", "early check-in", "baby crib", "extra towels", "airport pickup", "ground floor",
        "quiet room", "parking spot"};

    private SampleEvents() {
    }

    // ------------------------------------------------------------------------------------------------ single events

    /** A fully populated UPSERT listing, drawn from {@code rnd}. */
    public static ListingEvent listing(Random rnd, long listingId, long mutationId, long eventTimeMs) {
        return listing(rnd, listingId, mutationId, eventTimeMs, 3 + rnd.nextInt(6), 10 + rnd.nextInt(21));
    }

    /**
     * A "benchmark" listing: fully populated, shaped close to the typical event (5 photos, 15 nightly prices,
     * 2 rooms), about 1 KB compact-serialized.
     */
    public static ListingEvent benchmarkListing(long seed) {
        Random rnd = new Random(seed);
        long listingId = 1_000_000L + rnd.nextInt(1_000_000);
        return listing(rnd, listingId, 1_000L + rnd.nextInt(1_000), DEFAULT_START_MS + rnd.nextInt((int) DAY_MS), 5,
            15);
    }

    /** {@code n} distinct benchmark-shaped listings (4-6 photos, 12-18 nightly prices), deterministic in seed. */
    public static List<ListingEvent> benchmarkListings(int n, long seed) {
        Random rnd = new Random(seed);
        List<ListingEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(listing(rnd, 1_000_000L + i, 1_000L + rnd.nextInt(1_000),
                DEFAULT_START_MS + (long) (rnd.nextDouble() * 3 * DAY_MS), 4 + rnd.nextInt(3), 12 + rnd.nextInt(7)));
        }
        return out;
    }

    private static ListingEvent listing(Random rnd, long listingId, long mutationId, long eventTimeMs, int photoCount,
                                        int priceCount) {
        String[] city = pick(rnd, CITIES).split("\\|");
        ListingEvent e = new ListingEvent()
            .setMutation_id(mutationId)
            .setListing_id(listingId)
            .setOperation(Operation.UPSERT)
            .setEvent_time_ms(eventTimeMs)
            .setTitle(pick(rnd, ADJECTIVES) + " " + pick(rnd, NOUNS) + " " + pick(rnd, FEATURES))
            .setHost_id(10_000L + rnd.nextInt(90_000))
            .setRoom_type(RoomType.findByValue(1 + rnd.nextInt(3)));

        Address address = new Address(
            (1 + rnd.nextInt(250)) + " " + pick(rnd, STREETS), city[0], city[1]);
        address.setPostal_code(String.format("%05d", rnd.nextInt(100_000)));
        address.setLocation(new GeoPoint(
            Double.parseDouble(city[2]) + (rnd.nextDouble() - 0.5) * 0.1,
            Double.parseDouble(city[3]) + (rnd.nextDouble() - 0.5) * 0.1));
        e.setAddress(address);

        List<Photo> photos = new ArrayList<>(photoCount);
        for (int i = 0; i < photoCount; i++) {
            photos.add(photo(rnd, listingId, i));
        }
        e.setPhotos(photos);

        Set<Amenity> amenities = EnumSet.noneOf(Amenity.class);
        for (Amenity a : Amenity.values()) {
            if (rnd.nextInt(2) == 0) {
                amenities.add(a);
            }
        }
        amenities.add(Amenity.WIFI);
        e.setAmenities(amenities);

        Map<String, Double> prices = new LinkedHashMap<>();
        LocalDate day = LocalDate.ofEpochDay(eventTimeMs / DAY_MS);
        double base = 40 + rnd.nextInt(260);
        for (int i = 0; i < priceCount; i++) {
            prices.put(day.plusDays(i).toString(), Math.round((base + rnd.nextInt(40)) * 100) / 100.0);
        }
        e.setNightly_prices(prices);

        byte[] thumb = new byte[THUMBNAIL_BYTES];
        rnd.nextBytes(thumb);
        thumb[0] = (byte) 0xFF; // JPEG SOI marker, so it looks the part
        thumb[1] = (byte) 0xD8;
        e.setThumbnail(thumb);

        e.setMax_guests(1 + rnd.nextInt(10));
        e.setInstant_bookable(rnd.nextBoolean());
        e.setPrice_rule(priceRule(rnd));

        List<List<Integer>> blocks = new ArrayList<>();
        int startDay = (int) (eventTimeMs / DAY_MS);
        for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
            startDay += 1 + rnd.nextInt(20);
            int end = startDay + 1 + rnd.nextInt(6);
            blocks.add(List.of(startDay, end));
            startDay = end;
        }
        e.setAvailability_blocks(blocks);

        Map<String, List<Photo>> byRoom = new LinkedHashMap<>();
        for (int i = 0, n = 2; i < n && i < photos.size(); i++) {
            byRoom.put(ROOMS[(i + rnd.nextInt(ROOMS.length)) % ROOMS.length] + i, List.of(new Photo(photos.get(i))));
        }
        e.setPhotos_by_room(byRoom);

        e.setBedrooms((short) (1 + rnd.nextInt(5)));
        e.setRating_stars((byte) (1 + rnd.nextInt(5)));
        e.setMarket(city[4]);
        return e;
    }

    private static Photo photo(Random rnd, long listingId, int index) {
        Photo p = new Photo("https://img.tributary.io/l/" + listingId + "/" + index + ".jpg");
        p.setCaption(pick(rnd, CAPTIONS));
        boolean landscape = rnd.nextInt(4) != 0;
        p.setWidth(landscape ? 1600 : 1200);
        p.setHeight(landscape ? 1200 : 1600);
        return p;
    }

    private static PriceRule priceRule(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return PriceRule.weekly_discount_pct(5 + rnd.nextInt(20));
            case 1:
                return PriceRule.monthly_discount_pct(10 + rnd.nextInt(30));
            case 2:
                return PriceRule.min_nights(1 + rnd.nextInt(7));
            default:
                return PriceRule.cleaning_fee(new Money((20 + rnd.nextInt(80)) * 1_000_000L, pick(rnd, CURRENCIES)));
        }
    }

    /** A DELETE listing: only the required fields are set. */
    public static ListingEvent listingDelete(long listingId, long mutationId, long eventTimeMs) {
        return new ListingEvent()
            .setMutation_id(mutationId)
            .setListing_id(listingId)
            .setOperation(Operation.DELETE)
            .setEvent_time_ms(eventTimeMs);
    }

    /** A fully populated UPSERT reservation, drawn from {@code rnd}. */
    public static ReservationEvent reservation(Random rnd, long reservationId, long mutationId, long eventTimeMs) {
        String[] city = pick(rnd, CITIES).split("\\|");
        LocalDate checkIn = LocalDate.ofEpochDay(eventTimeMs / DAY_MS).plusDays(1 + rnd.nextInt(90));
        int nights = 1 + rnd.nextInt(14);
        Map<String, String> attribution = new LinkedHashMap<>();
        attribution.put("channel", pick(rnd, CHANNELS));
        attribution.put("campaign", "cmp-" + rnd.nextInt(1000));
        if (rnd.nextBoolean()) {
            attribution.put("referrer", "https://www." + pick(rnd, CHANNELS) + ".example/");
        }
        List<String> requests = new ArrayList<>();
        for (int i = 0, n = rnd.nextInt(3); i < n; i++) {
            requests.add(pick(rnd, REQUESTS));
        }
        return new ReservationEvent()
            .setMutation_id(mutationId)
            .setReservation_id(reservationId)
            .setOperation(Operation.UPSERT)
            .setEvent_time_ms(eventTimeMs)
            .setListing_id(1_000_000L + rnd.nextInt(100_000))
            .setGuest_id(5_000_000L + rnd.nextInt(1_000_000))
            .setStatus(ReservationStatus.findByValue(1 + rnd.nextInt(4)))
            .setCheck_in(checkIn.toString())
            .setCheck_out(checkIn.plusDays(nights).toString())
            .setNights(nights)
            .setGuests((short) (1 + rnd.nextInt(6)))
            .setTotal_price(new Money(nights * (40L + rnd.nextInt(260)) * 1_000_000L, pick(rnd, CURRENCIES)))
            .setMarket(city[4])
            .setAttribution(attribution)
            .setSpecial_requests(requests);
    }

    /** A DELETE reservation: only the required fields are set (listing and guest ids are required too). */
    public static ReservationEvent reservationDelete(Random rnd, long reservationId, long mutationId,
                                                     long eventTimeMs) {
        return new ReservationEvent()
            .setMutation_id(mutationId)
            .setReservation_id(reservationId)
            .setOperation(Operation.DELETE)
            .setEvent_time_ms(eventTimeMs)
            .setListing_id(1_000_000L + rnd.nextInt(100_000))
            .setGuest_id(5_000_000L + rnd.nextInt(1_000_000));
    }

    // ------------------------------------------------------------------------------------------------ serialization

    /** Serializes with {@code TCompactProtocol}. */
    public static byte[] compact(TBase<?, ?> event) {
        return serialize(event, new TCompactProtocol.Factory());
    }

    /** Serializes with {@code TBinaryProtocol}. */
    public static byte[] binary(TBase<?, ?> event) {
        return serialize(event, new TBinaryProtocol.Factory());
    }

    /** Serializes with {@code TCompactProtocol} when {@code compact}, else with {@code TBinaryProtocol}. */
    public static byte[] serialize(TBase<?, ?> event, boolean compact) {
        return compact ? compact(event) : binary(event);
    }

    public static byte[] serialize(TBase<?, ?> event, TProtocolFactory protocol) {
        try {
            return new TSerializer(protocol).serialize(event);
        } catch (TException e) {
            throw new IllegalStateException("cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }

    /** Serializes every event of {@code events} with the same protocol. */
    public static List<byte[]> serializeAll(List<? extends TBase<?, ?>> events, boolean compact) {
        List<byte[]> out = new ArrayList<>(events.size());
        for (TBase<?, ?> e : events) {
            out.add(serialize(e, compact));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ streams

    public static StreamBuilder stream() {
        return new StreamBuilder();
    }

    /**
     * Builds a stream of mutations. Per entity, mutation ids strictly increase and event times do not decrease;
     * the entities' mutations are interleaved by event time, then duplicated and reordered as configured.
     */
    public static final class StreamBuilder {
        private long seed = 42L;
        private int entities = 100;
        private int mutationsPerEntity = 3;
        private double deleteRate = 0.0;
        private double duplicateRate = 0.0;
        private boolean shuffled = false;
        private long startMs = DEFAULT_START_MS;
        private int spanDays = 3;
        private long firstEntityId = 1_000_000L;

        private StreamBuilder() {
        }

        public StreamBuilder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Number of distinct entities (listing ids or reservation ids). */
        public StreamBuilder entities(int entities) {
            if (entities < 1) {
                throw new IllegalArgumentException("entities must be >= 1");
            }
            this.entities = entities;
            return this;
        }

        /** Mutations per entity before duplication; their ids increase per entity. */
        public StreamBuilder mutationsPerEntity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("mutationsPerEntity must be >= 1");
            }
            this.mutationsPerEntity = n;
            return this;
        }

        /** Probability that a mutation other than an entity's first is a DELETE. */
        public StreamBuilder deleteRate(double rate) {
            this.deleteRate = checkRate(rate);
            return this;
        }

        /** Probability that a mutation is delivered twice (an equal copy, later in the stream). */
        public StreamBuilder duplicateRate(double rate) {
            this.duplicateRate = checkRate(rate);
            return this;
        }

        /** When true the whole stream is shuffled (seeded), so per-entity order is lost. */
        public StreamBuilder outOfOrder(boolean shuffled) {
            this.shuffled = shuffled;
            return this;
        }

        public StreamBuilder startMs(long startMs) {
            this.startMs = startMs;
            return this;
        }

        /** Event times are spread over this many days from {@link #startMs(long)}. */
        public StreamBuilder spanDays(int days) {
            if (days < 1) {
                throw new IllegalArgumentException("spanDays must be >= 1");
            }
            this.spanDays = days;
            return this;
        }

        public StreamBuilder firstEntityId(long id) {
            this.firstEntityId = id;
            return this;
        }

        public List<ListingEvent> listings() {
            return build((rnd, m) -> m.delete
                ? listingDelete(m.entityId, m.mutationId, m.eventTimeMs)
                : listing(rnd, m.entityId, m.mutationId, m.eventTimeMs), ListingEvent::deepCopy);
        }

        public List<ReservationEvent> reservations() {
            return build((rnd, m) -> m.delete
                ? reservationDelete(rnd, m.entityId, m.mutationId, m.eventTimeMs)
                : reservation(rnd, m.entityId, m.mutationId, m.eventTimeMs), ReservationEvent::deepCopy);
        }

        private <T> List<T> build(BiFunction<Random, Mutation, T> make, java.util.function.UnaryOperator<T> copy) {
            Random rnd = new Random(seed);
            long span = spanDays * DAY_MS;
            List<Mutation> plan = new ArrayList<>(entities * mutationsPerEntity);
            for (int i = 0; i < entities; i++) {
                long id = firstEntityId + i;
                long mutationId = 1 + rnd.nextInt(1000);
                long[] times = new long[mutationsPerEntity];
                for (int k = 0; k < times.length; k++) {
                    times[k] = startMs + (long) (rnd.nextDouble() * span);
                }
                java.util.Arrays.sort(times);
                for (int k = 0; k < mutationsPerEntity; k++) {
                    boolean delete = k > 0 && rnd.nextDouble() < deleteRate;
                    plan.add(new Mutation(id, mutationId, times[k], delete));
                    mutationId += 1 + rnd.nextInt(5);
                }
            }
            // Interleave entities by event time (stable, ties keep entity order).
            plan.sort((a, b) -> Long.compare(a.eventTimeMs, b.eventTimeMs));
            List<T> out = new ArrayList<>(plan.size());
            for (Mutation m : plan) {
                out.add(make.apply(rnd, m));
            }
            if (duplicateRate > 0) {
                // A redelivery shows up 1-10 events after the original.
                List<T> withDups = new ArrayList<>(out.size() + (int) (out.size() * duplicateRate) + 1);
                List<Object[]> pending = new ArrayList<>();
                for (T event : out) {
                    withDups.add(event);
                    if (rnd.nextDouble() < duplicateRate) {
                        pending.add(new Object[] {1 + rnd.nextInt(10), copy.apply(event)});
                    }
                    for (java.util.Iterator<Object[]> it = pending.iterator(); it.hasNext(); ) {
                        Object[] p = it.next();
                        p[0] = (Integer) p[0] - 1;
                        if ((Integer) p[0] < 0) {
                            @SuppressWarnings("unchecked") T dup = (T) p[1];
                            withDups.add(dup);
                            it.remove();
                        }
                    }
                }
                for (Object[] p : pending) {
                    @SuppressWarnings("unchecked") T dup = (T) p[1];
                    withDups.add(dup);
                }
                out = withDups;
            }
            if (shuffled) {
                Collections.shuffle(out, rnd);
            }
            return out;
        }

        private static double checkRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate must be within [0, 1]: " + rate);
            }
            return rate;
        }
    }

    private static final class Mutation {
        final long entityId;
        final long mutationId;
        final long eventTimeMs;
        final boolean delete;

        Mutation(long entityId, long mutationId, long eventTimeMs, boolean delete) {
            this.entityId = entityId;
            this.mutationId = mutationId;
            this.eventTimeMs = eventTimeMs;
            this.delete = delete;
        }
    }

    private static <T> T pick(Random rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
