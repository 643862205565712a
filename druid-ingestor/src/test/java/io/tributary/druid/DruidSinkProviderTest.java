package io.tributary.druid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.job.SinkOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys, cross-key rules, aggregators and the reindex intervals; no cluster needed. */
class DruidSinkProviderTest {
  private final DruidSinkProvider provider = new DruidSinkProvider();

  static Map<String, Object> minimal() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("datasource", "reservations");
    o.put("timestamp_column", "event_time_ms");
    o.put("dimensions", List.of("market"));
    o.put("overlord_url", "http://127.0.0.1:8081/");
    o.put("intermediate_topic", "druid.reservations");
    o.put("bootstrap_servers", "127.0.0.1:9092");
    return o;
  }

  @Test
  void crossChecksNameTheBadMetric() {
    Map<String, Object> o = minimal();
    assertEquals(List.of(), provider.crossCheck(SinkOptions.of(o)));
    o.put("metrics", List.of(Map.of("name", "n"), Map.of("name", "x", "type", "median", "field", "f"),
        Map.of("name", "s", "type", "longSum")));
    o.put("dimensions", List.of("market", "event_time_ms"));
    o.put("task_duration", java.time.Duration.ofSeconds(30));
    assertEquals(List.of("every metric needs a name and a type: {name=n}",
        "metric x: unknown type 'median'; known: [count, longSum, doubleSum, longMin, longMax, doubleMin, doubleMax,"
            + " min, max, hll, theta]",
        "metric s (longSum) needs a field",
        "timestamp_column must not also be a dimension",
        "task_duration must be at least 1m (Druid's Kafka tasks fail to start below one minute), got 30s"),
        provider.crossCheck(SinkOptions.of(o)));
  }

  @Test
  void aggregatorsIncludingSketches() {
    assertEquals(Map.of("type", "doubleMin", "name", "cheapest", "fieldName", "price"),
        Metric.parse(Map.of("name", "cheapest", "type", "min", "field", "price")).aggregator());
    assertEquals(Map.of("type", "HLLSketchBuild", "name", "guests_hll", "fieldName", "guest_id", "lgK", 12),
        Metric.parse(Map.of("name", "guests_hll", "type", "hll", "field", "guest_id")).aggregator());
    assertEquals(Map.of("type", "count", "name", "rows"), Metric.parse(Map.of("name", "rows", "type", "count")).aggregator());
  }

  @Test
  void defaultsAndSecretFreeToString() {
    Map<String, Object> o = minimal();
    o.put("kafka_options", Map.of("sasl.jaas.config", new io.tributary.job.StringOrSecret.Literal("hunter2")));
    DruidSinkConfig c = DruidSinkConfig.from("job", "sink", SinkOptions.of(o));
    assertEquals("http://127.0.0.1:8081", c.overlordUrl());
    assertEquals(c.overlordUrl(), c.coordinatorUrl());
    assertEquals("DAY", c.segmentGranularity());
    assertEquals(Duration.ofHours(1), c.taskDuration());
    assertTrue(c.rollup());
    assertTrue(!c.toString().contains("hunter2"), c.toString());
  }

  @Test
  void indexParallelReplacesExactlyTheIntervals() {
    DruidSinkConfig c = DruidSinkConfig.from("job", "sink", SinkOptions.of(minimal()));
    Map<String, Object> task = DruidSpecs.indexParallel(c, "/data/run-1", List.of("2026-11-21T00:00:00Z/2026-11-22T00:00:00Z"));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) task.get("spec");
    @SuppressWarnings("unchecked")
    Map<String, Object> io = (Map<String, Object>) spec.get("ioConfig");
    assertEquals(true, io.get("dropExisting"));
    assertEquals(false, io.get("appendToExisting"));
    @SuppressWarnings("unchecked")
    Map<String, Object> granularity = (Map<String, Object>) ((Map<String, Object>) spec.get("dataSchema")).get("granularitySpec");
    assertEquals(List.of("2026-11-21T00:00:00Z/2026-11-22T00:00:00Z"), granularity.get("intervals"));
  }

  @Test
  void reindexIntervalsAreUtcBucketsMergedWhenAdjacent() {
    long day = 24;
    long d0 = 1_795_132_800_000L / 3_600_000L; // 2026-11-20T00:00Z in hours
    assertEquals(List.of("2026-11-20T00:00:00Z/2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z/2026-11-24T00:00:00Z"),
        ReindexIntervals.of(List.of(d0 + 3, d0 + day + 23, d0 + 3 * day, d0 + 5), "DAY"));
    assertEquals(List.of("2026-11-20T03:00:00Z/2026-11-20T04:00:00Z"), ReindexIntervals.of(List.of(d0 + 3), "HOUR"));
    assertEquals(List.of("2026-11-01T00:00:00Z/2026-12-01T00:00:00Z"), ReindexIntervals.of(List.of(d0), "MONTH"));
  }
}
