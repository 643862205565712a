package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The talk's two state-store recipes, written through the sink and read with {@link StateStore}, on a real HBase. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StateRecipesTest {
  static final long DAY = 86_400_000L;
  static final long START = 1_795_132_800_000L; // 2026-11-20T00:00Z

  static LocalStack stack;
  static String zk;

  @BeforeAll
  static void start() {
    stack = TestHBase.startHBase("hbase-recipes");
    zk = stack.hbase().zookeeperQuorum();
    TestHBase.spark();
  }

  @AfterAll
  static void stop() {
    HBaseClients.closeAll();
    if (stack != null) {
      stack.clean();
    }
  }

  @Test
  void exactDistinctVisitorsInALongWindow() {
    StructType visits = new StructType()
        .add("listing_id", DataTypes.LongType, false)
        .add("visitor_id", DataTypes.StringType, false)
        .add("event_time", DataTypes.TimestampType, false)
        .add("page", DataTypes.StringType, true);
    // salted, so the prefix scan has to visit every bucket
    Map<String, Object> options = Map.of("table", "tributary:visits", "zookeeper_quorum", zk,
        "row_key_columns", List.of("listing_id", "visitor_id"), "column_family", "v", "version_column", "event_time",
        "salt_buckets", 3, "max_versions", 1000);
    HBaseSink sink = TestHBase.create(options);
    sink.open(TestHBase.spark());

    Random rnd = new Random(5);
    List<Row> rows = new ArrayList<>();
    Map<String, List<Long>> visitTimes = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      long listing = 1 + rnd.nextInt(3);
      String visitor = "v" + rnd.nextInt(400);
      long time = START + (long) (rnd.nextDouble() * 90 * DAY);
      rows.add(RowFactory.create(listing, visitor, new Timestamp(time), "p" + rnd.nextInt(5)));
      visitTimes.computeIfAbsent(listing + "#" + visitor, k -> new ArrayList<>()).add(time);
    }
    // listing 12 shares the prefix "1" but not "1#": it must not be counted for listing 1
    rows.add(RowFactory.create(12L, "v1", new Timestamp(START + DAY), "p"));
    // half streamed, half bulk-loaded: the recipe reads the merged table
    sink.write(TestHBase.spark().createDataFrame(rows.subList(0, 1500), visits), TestHBase.streaming(1));
    HBaseSink bulk = TestHBase.create(merge(options, Map.of("bulk_upload", true)));
    bulk.write(TestHBase.spark().createDataFrame(rows.subList(1500, rows.size()), visits), TestHBase.batch());

    try (StateStore store = StateStore.of(sink.config())) {
      for (long[] window : new long[][] {{0, 90}, {0, 30}, {30, 60}, {45, 46}, {89, 120}}) {
        long from = START + window[0] * DAY;
        long until = START + window[1] * DAY;
        long expected = visitTimes.entrySet().stream()
            .filter(e -> e.getKey().startsWith("1#"))
            .filter(e -> e.getValue().stream().anyMatch(t -> t >= from && t < until))
            .count();
        assertEquals(expected, StateRecipes.distinctVisitors(store, "1", "#", from, until),
            "visitors of listing 1 in days " + window[0] + ".." + window[1]);
      }
      assertTrue(StateRecipes.distinctVisitors(store, "1", "#", START, START + 90 * DAY) > 300);
    }
  }

  @Test
  void movingAverageFromVersionedCounters() {
    StructType counters = new StructType()
        .add("listing_id", DataTypes.LongType, false)
        .add("day", DataTypes.TimestampType, false)
        .add("bookings", DataTypes.LongType, false);
    HBaseSink sink = TestHBase.create(Map.of("table", "counters", "zookeeper_quorum", zk,
        "row_key_column", "listing_id", "column_family", "c", "version_column", "day", "max_versions", 60));
    sink.open(TestHBase.spark());
    long[] bookings = {4, 8, 6, 10, 12, 2, 7};
    List<Row> rows = new ArrayList<>();
    for (int d = 0; d < bookings.length; d++) {
      rows.add(RowFactory.create(42L, new Timestamp(START + d * DAY), bookings[d]));
    }
    // a replayed day with the same count changes nothing
    rows.add(RowFactory.create(42L, new Timestamp(START + 3 * DAY), 10L));
    sink.write(TestHBase.spark().createDataFrame(rows, counters), TestHBase.streaming(1));

    try (StateStore store = StateStore.of(sink.config())) {
      byte[] key = "42".getBytes(StandardCharsets.UTF_8);
      // 3-day moving average ending with day 6 (days 4, 5, 6): (12 + 2 + 7) / 3
      assertEquals(OptionalDouble.of(7.0), StateRecipes.movingAverage(store, key, "bookings", START + 4 * DAY,
          START + 7 * DAY));
      // 7-day average
      assertEquals(OptionalDouble.of(49.0 / 7), StateRecipes.movingAverage(store, key, "bookings", START,
          START + 7 * DAY));
      assertEquals(OptionalDouble.empty(), StateRecipes.movingAverage(store, key, "bookings", START + 30 * DAY,
          START + 40 * DAY));
    }
  }

  private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> m = new HashMap<>(a);
    m.putAll(b);
    return m;
  }
}
