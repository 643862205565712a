package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tributary.events.Amenity;
import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import io.tributary.events.Photo;
import io.tributary.events.PriceRule;
import io.tributary.shaded.thrift.TBase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import scala.Function1;

/**
 * Feeds corrupted records to the decoder: every one must either decode into a row that reads back
 * cleanly or be refused with a {@link DecodeException}; nothing else may escape.
 */
class DecoderFuzzTest {
  private static final int ITERATIONS = 30_000;

  private static List<TBase<?, ?>> seeds(Random random) {
    List<TBase<?, ?>> seeds = new ArrayList<>();
    seeds.add(ThriftRowDecoderTest.fullAllTypes());
    for (int i = 0; i < 20; i++) {
      ListingEvent listing = new ListingEvent(random.nextLong(), random.nextInt(1000), Operation.UPSERT, 1_500_000_000_000L);
      listing.setTitle("listing " + i);
      listing.setPhotos(List.of(new Photo("https://img/" + i).setCaption("c"), new Photo("https://img/x").setWidth(640)));
      listing.setAmenities(new LinkedHashSet<>(List.of(Amenity.values()[i % Amenity.values().length])));
      listing.setNightly_prices(Map.of("2017-06-05", 100.0 + i));
      listing.setThumbnail(new byte[] {(byte) i, 0, (byte) 0xff});
      listing.setPrice_rule(PriceRule.min_nights(i));
      listing.setAvailability_blocks(List.of(List.of(i, i + 3)));
      listing.setPhotos_by_room(Map.of("kitchen", List.of(new Photo("k"))));
      seeds.add(listing);
    }
    return seeds;
  }

  private static byte[] corrupt(byte[] original, byte[] other, Random random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(6)) {
      case 0 -> { // flip a few bits
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)); // truncate
      case 2 -> { // overwrite a run with noise
        int at = random.nextInt(bytes.length);
        for (int i = at; i < Math.min(bytes.length, at + 1 + random.nextInt(8)); i++) {
          bytes[i] = (byte) random.nextInt(256);
        }
      }
      case 3 -> { // insert noise
        int at = random.nextInt(bytes.length);
        byte[] noise = new byte[1 + random.nextInt(6)];
        random.nextBytes(noise);
        byte[] longer = new byte[bytes.length + noise.length];
        System.arraycopy(bytes, 0, longer, 0, at);
        System.arraycopy(noise, 0, longer, at, noise.length);
        System.arraycopy(bytes, at, longer, at + noise.length, bytes.length - at);
        bytes = longer;
      }
      case 4 -> { // splice the head of one record onto the tail of another
        int cut = random.nextInt(bytes.length);
        int from = random.nextInt(other.length);
        byte[] spliced = new byte[cut + other.length - from];
        System.arraycopy(bytes, 0, spliced, 0, cut);
        System.arraycopy(other, from, spliced, cut, other.length - from);
        bytes = spliced;
      }
      default -> random.nextBytes(bytes); // pure noise
    }
    return bytes;
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  @Timeout(120)
  void corruptedRecordsAreDecodedOrRefusedNeverThrown(WireProtocol protocol) {
    Random random = new Random(20170605L + protocol.ordinal());
    List<TBase<?, ?>> seeds = seeds(random);
    Map<ErrorKind, Integer> refused = new EnumMap<>(ErrorKind.class);
    int decoded = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      TBase<?, ?> seed = seeds.get(random.nextInt(seeds.size()));
      Class<?> cls = seed.getClass();
      DecodeLimits limits = new DecodeLimits(10_000, 1 << 20, 32);
      ThriftRowDecoder decoder = ThriftRowDecoder.create(cls, protocol, limits);
      assertTrue(decoder.usesGeneratedCode());
      byte[] bytes = corrupt(ThriftBytes.serialize(seed, protocol),
          ThriftBytes.serialize(seeds.get(random.nextInt(seeds.size())), protocol), random);
      String outcome;
      try {
        UnsafeRow row = decoder.decode(bytes);
        // Reading every value back proves the row's offsets and sizes are consistent.
        Function1<Object, Object> toRow = CatalystTypeConverters.createToScalaConverter(decoder.schema());
        toRow.apply(row);
        decoded++;
        outcome = HexFormat.of().formatHex(row.getBytes());
      } catch (DecodeException e) {
        refused.merge(e.kind(), 1, Integer::sum);
        outcome = e.toString();
      } catch (Throwable t) {
        fail("iteration " + i + " (" + cls.getSimpleName() + ", " + protocol + ") threw " + t + " on "
            + HexFormat.of().formatHex(bytes), t);
        return;
      }
      // The generated decoder is the interpreted plan compiled: the same row bytes, or the same error and message.
      assertEquals(interpretedOutcome(cls, protocol, limits, bytes), outcome,
          "iteration " + i + " (" + cls.getSimpleName() + ", " + protocol + ") on " + HexFormat.of().formatHex(bytes));
    }
    System.out.printf("fuzz %s: %d decoded, refused %s%n", protocol, decoded, refused);
    assertEquals(ITERATIONS, decoded + refused.values().stream().mapToInt(Integer::intValue).sum());
    assertTrue(refused.size() >= 3, "corruption should hit several error kinds: " + refused);
    assertTrue(!refused.containsKey(ErrorKind.DECODER_ERROR), "no internal errors: " + refused);
  }

  private static String interpretedOutcome(Class<?> cls, WireProtocol protocol, DecodeLimits limits, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(ThriftRowDecoder.interpreted(cls, protocol, limits).decode(bytes).getBytes());
    } catch (DecodeException e) {
      return e.toString();
    }
  }
}
