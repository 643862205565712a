// Events that data teams publish to Kafka and Tributary indexes.
// Every event carries a mutation_id: an i64 that grows monotonically per entity,
// used as the Elasticsearch external version and the HBase cell version.
namespace java io.tributary.events

enum Operation {
  UPSERT = 1,
  DELETE = 2
}

enum RoomType {
  ENTIRE_HOME = 1,
  PRIVATE_ROOM = 2,
  SHARED_ROOM = 3
}

enum Amenity {
  WIFI = 1,
  KITCHEN = 2,
  POOL = 3,
  PARKING = 4,
  WASHER = 5,
  AIR_CONDITIONING = 6,
  PETS_ALLOWED = 7
}

enum ReservationStatus {
  REQUESTED = 1,
  CONFIRMED = 2,
  CANCELLED = 3,
  COMPLETED = 4
}

struct GeoPoint {
  1: required double lat,
  2: required double lon
}

struct Address {
  1: required string street,
  2: required string city,
  3: optional string postal_code,
  4: required string country_code,
  5: optional GeoPoint location
}

struct Money {
  1: required i64 amount_micros,
  2: required string currency
}

struct Photo {
  1: required string url,
  2: optional string caption,
  3: optional i32 width,
  4: optional i32 height
}

// Exactly one pricing rule applies to a listing at a time.
union PriceRule {
  1: double weekly_discount_pct,
  2: double monthly_discount_pct,
  3: i32 min_nights,
  4: Money cleaning_fee
}

struct ListingEvent {
  1: required i64 mutation_id,
  2: required i64 listing_id,
  3: required Operation operation,
  4: required i64 event_time_ms,
  5: optional string title,
  6: optional i64 host_id,
  7: optional RoomType room_type,
  8: optional Address address,
  9: optional list<Photo> photos,
  10: optional set<Amenity> amenities,
  // ISO date (yyyy-MM-dd) -> nightly price in the listing's currency
  11: optional map<string, double> nightly_prices,
  // small JPEG preview, byte exact
  12: optional binary thumbnail,
  13: optional i32 max_guests,
  14: optional bool instant_bookable,
  15: optional PriceRule price_rule,
  // blocked date ranges as [start_day, end_day] pairs, days since epoch
  16: optional list<list<i32>> availability_blocks,
  17: optional map<string, list<Photo>> photos_by_room,
  18: optional i16 bedrooms,
  19: optional i8 rating_stars,
  20: optional string market
}

struct ReservationEvent {
  1: required i64 mutation_id,
  2: required i64 reservation_id,
  3: required Operation operation,
  4: required i64 event_time_ms,
  5: required i64 listing_id,
  6: required i64 guest_id,
  7: optional ReservationStatus status,
  // ISO dates (yyyy-MM-dd)
  8: optional string check_in,
  9: optional string check_out,
  10: optional i32 nights,
  11: optional i16 guests,
  12: optional Money total_price,
  13: optional string market,
  14: optional map<string, string> attribution,
  15: optional list<string> special_requests
}
