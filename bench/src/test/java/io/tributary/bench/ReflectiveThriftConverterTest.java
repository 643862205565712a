package io.tributary.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import io.tributary.events.ReservationEvent;
import io.tributary.sample.SampleEvents;
import io.tributary.schema.ThriftSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The baseline on its own (no dependency on our decoder): Spark's encoder accepts its rows and they are right. */
class ReflectiveThriftConverterTest {

    @Test
    void listingsRoundTripThroughSparksEncoder() throws Exception {
        StructType schema = ThriftSchema.of(ListingEvent.class);
        ReflectiveThriftConverter baseline = new ReflectiveThriftConverter(ListingEvent.class, schema);
        ExpressionEncoder.Deserializer<Row> toRow = deserializer(schema);

        List<ListingEvent> events = SampleEvents.stream().seed(3).entities(100).mutationsPerEntity(3)
            .deleteRate(0.2).duplicateRate(0.1).outOfOrder(true).listings();
        int deletes = 0;
        for (ListingEvent e : events) {
            InternalRow internal = baseline.decode(SampleEvents.compact(e));
            assertTrue(internal instanceof UnsafeRow);
            Row row = toRow.apply(internal);
            assertEquals(e.getMutation_id(), row.getLong(row.fieldIndex("mutation_id")));
            assertEquals(e.getOperation().name(), row.getString(row.fieldIndex("operation")));
            if (e.getOperation() == Operation.DELETE) {
                deletes++;
                assertTrue(row.isNullAt(row.fieldIndex("title")));
                assertTrue(row.isNullAt(row.fieldIndex("bedrooms")), "unset optional primitive is null, not 0");
                assertTrue(row.isNullAt(row.fieldIndex("thumbnail")));
                continue;
            }
            assertEquals(e.getTitle(), row.getString(row.fieldIndex("title")));
            assertArrayEquals(e.getThumbnail(), (byte[]) row.get(row.fieldIndex("thumbnail")), "binary byte exact");
            assertEquals(e.getRating_stars(), (byte) row.get(row.fieldIndex("rating_stars")));
            assertEquals(e.getBedrooms(), (short) row.get(row.fieldIndex("bedrooms")));
            Row address = row.getStruct(row.fieldIndex("address"));
            Row location = address.getStruct(address.fieldIndex("location"));
            assertEquals(e.getAddress().getLocation().getLat(), location.getDouble(location.fieldIndex("lat")));
            assertEquals(e.getPhotosSize(), row.getList(row.fieldIndex("photos")).size());
            assertEquals(e.getNightly_prices(), row.getJavaMap(row.fieldIndex("nightly_prices")));
            assertEquals(e.getAmenitiesSize(), row.getList(row.fieldIndex("amenities")).size());
            List<Object> blocks = row.getList(row.fieldIndex("availability_blocks"));
            assertEquals(e.getAvailability_blocksSize(), blocks.size());
            assertEquals(e.getPhotos_by_roomSize(), row.getJavaMap(row.fieldIndex("photos_by_room")).size());
            Row rule = row.getStruct(row.fieldIndex("price_rule"));
            String member = e.getPrice_rule().getSetField().getFieldName();
            for (int i = 0; i < rule.size(); i++) {
                assertEquals(rule.schema().fields()[i].name().equals(member), !rule.isNullAt(i),
                    "exactly the set union member is non-null");
            }
        }
        assertTrue(deletes > 10);
    }

    static ExpressionEncoder.Deserializer<Row> deserializer(StructType schema) {
        ExpressionEncoder<Row> encoder = ReflectiveThriftConverter.encoderFor(schema);
        return encoder.resolveAndBind(encoder.resolveAndBind$default$1(), encoder.resolveAndBind$default$2())
            .createDeserializer();
    }

    @Test
    void reservationsConvertToo() throws Exception {
        ReflectiveThriftConverter baseline =
            new ReflectiveThriftConverter(ReservationEvent.class, ThriftSchema.of(ReservationEvent.class));
        for (ReservationEvent e : SampleEvents.stream().seed(4).entities(50).deleteRate(0.2).reservations()) {
            UnsafeRow row = (UnsafeRow) baseline.decode(SampleEvents.compact(e));
            assertEquals(e.getReservation_id(), row.getLong(1));
        }
    }

    @Test
    void canonicalRowsIgnoreMapAndSetOrderButNotListOrder() throws Exception {
        StructType schema = ThriftSchema.of(ListingEvent.class);
        ReflectiveThriftConverter baseline = new ReflectiveThriftConverter(ListingEvent.class, schema);
        ListingEvent e = SampleEvents.benchmarkListing(1);
        Object a = CanonicalRows.of(baseline.encode(e), schema, ListingEvent.class);
        Object b = CanonicalRows.of(baseline.decode(SampleEvents.compact(e)), schema, ListingEvent.class);
        assertEquals(a, b);
        ListingEvent reversed = e.deepCopy();
        java.util.Collections.reverse(reversed.getPhotos());
        assertTrue(!a.equals(CanonicalRows.of(baseline.encode(reversed), schema, ListingEvent.class)));
        ListingEvent noRating = e.deepCopy();
        noRating.unsetRating_stars();
        assertTrue(baseline.encode(noRating).isNullAt(schema.fieldIndex("rating_stars")));
    }
}
