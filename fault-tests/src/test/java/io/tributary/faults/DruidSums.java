package io.tributary.faults;

import io.tributary.druid.DruidSqlClient;
import io.tributary.druid.ExpectedSums;
import io.tributary.events.ReservationEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Druid's rows and sums per market against the ones computed from the produced reservation events (every booked
 * event is a row, a redelivered one included: Druid must count what Kafka holds, exactly once).
 */
final class DruidSums {
  private final DruidSqlClient sql;
  private final String datasource;
  private final Map<String, ExpectedSums> expected;
  private final long produced;

  DruidSums(String brokerUrl, String datasource, List<ReservationEvent> events) {
    this.sql = new DruidSqlClient(brokerUrl);
    this.datasource = datasource;
    this.expected = ExpectedSums.by(events, ReservationEvent::getMarket);
    this.produced = events.size();
  }

  Map<String, ExpectedSums> expected() {
    return expected;
  }

  Map<String, ExpectedSums> actual() {
    Map<String, ExpectedSums> out = new TreeMap<>();
    try {
      for (Map<String, Object> row : sql.query("SELECT market AS k, SUM(\"count\") AS c, SUM(nights) AS n,"
          + " SUM(guests) AS g, SUM(revenue) AS r FROM " + datasource + " GROUP BY 1")) {
        out.put(String.valueOf(row.get("k")), ExpectedSums.of(row));
      }
    } catch (RuntimeException e) {
      // the broker does not know the datasource before its first rows: nothing counted yet
    }
    return out;
  }

  /** Per market, rows missing (lost) or counted twice (duplicated); a market whose sums differ is "regressed". */
  Figures compare(String test) {
    Map<String, ExpectedSums> actual = actual();
    long lost = 0;
    long duplicated = 0;
    long wrongSums = 0;
    long found = 0;
    for (String market : union(actual)) {
      long want = expected.containsKey(market) ? expected.get(market).count() : 0;
      long got = actual.containsKey(market) ? actual.get(market).count() : 0;
      found += got;
      lost += Math.max(0, want - got);
      duplicated += Math.max(0, got - want);
      if (want == got && want > 0 && !expected.get(market).matches(actual.get(market))) {
        wrongSums++;
      }
    }
    long want = expected.values().stream().mapToLong(ExpectedSums::count).sum();
    return new Figures(test, produced, want, found, lost, duplicated, wrongSums, 0, 0, 0);
  }

  private java.util.Set<String> union(Map<String, ExpectedSums> actual) {
    java.util.Set<String> markets = new java.util.TreeSet<>(expected.keySet());
    markets.addAll(actual.keySet());
    return markets;
  }
}
