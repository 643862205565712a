package io.tributary.druid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ReservationEvent;
import io.tributary.job.Mode;
import io.tributary.job.SinkOptions;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.LocalStackConfig;
import io.tributary.sample.SampleEvents;
import io.tributary.sink.BatchContext;
import io.tributary.sink.SinkResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Druid 33 cluster and a real Kafka (one of each for the class): the streaming pipeline with the
 * driver SIGKILLed twice (after a partition committed, and in the middle of an open transaction) still gives
 * exact sums; a batch reindex of one day replaces that day and leaves the others; the Superset bundle fits the
 * datasource it is made for.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DruidSinkClusterTest {
  static final String SOURCE_TOPIC = "reservations-src";
  static LocalStack stack;
  static DruidSqlClient sql;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void startCluster() {
    String base = System.getProperty("tributary.localstack.workDir", "target/local-stack-it");
    stack = new LocalStack(LocalStackConfig.builder().workDir(Path.of(base, "druid-sink")).build()).stopOnJvmExit();
    stack.kafka().start();
    stack.druid().start();
    sql = new DruidSqlClient(stack.druid().brokerUrl());
  }

  @AfterAll
  static void stopCluster() {
    if (stack != null) {
      stack.clean();
    }
  }

  // ------------------------------------------------------------------------------------------- streaming

  @Test
  @Order(1)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void streamingSumsStayExactWhenTheDriverIsKilledMidBatch() throws Exception {
    List<ReservationEvent> events = SampleEvents.stream().seed(7).entities(3000).mutationsPerEntity(1).spanDays(3)
        .reservations();
    produce(events);
    Path job = writeJob("stream", "reservations_stream", "druid.reservations_stream");
    Path work = Files.createDirectories(tmp.resolve("driver"));

    // 1) killed after a partition of batch 1 committed, before Spark recorded the batch: the replay must skip it
    Process first = driver(job, work, "afterCommit", 1);
    awaitLine(first, "KILLPOINT afterCommit batch 1", Duration.ofMinutes(2));
    kill(first);
    // 2) killed with batch 3's rows sent and flushed but the transaction open: Druid must never count them
    Process second = driver(job, work, "afterSend", 3);
    awaitLine(second, "KILLPOINT afterSend batch 3", Duration.ofMinutes(2));
    kill(second);
    // 3) runs to the end
    Process third = driver(job, work, null, -1);
    awaitLine(third, "CAUGHT-UP", Duration.ofMinutes(2));
    assertTrue(third.waitFor(60, TimeUnit.SECONDS), "driver did not exit");
    String secondRun = Files.readString(work.resolve("driver-1.log"));
    assertTrue(secondRun.contains("batch 1 partition") && secondRun.contains("already committed"),
        "the second run replays batch 1 and skips the partition that had committed");

    Map<String, ExpectedSums> expected = ExpectedSums.by(events, ReservationEvent::getMarket);
    long total = expected.values().stream().mapToLong(ExpectedSums::count).sum();
    awaitCount("reservations_stream", total, Duration.ofMinutes(2));
    Thread.sleep(3000); // anything late (it must not exist) would show now
    assertEquals(expected, actual("reservations_stream", "market", null, expected));

    long[] records = topicRecords("druid.reservations_stream");
    assertTrue(records[1] > records[0], "the killed transaction's rows are in the topic (" + records[1]
        + " read_uncommitted) but not committed (" + records[0] + ")");
    DruidStatus status = DruidStatus.of(config("reservations_stream", "druid.reservations_stream", tmp),
        new OverlordClient(stack.druid().overlordUrl(), stack.druid().coordinatorUrl()));
    assertEquals("RUNNING", status.state(), status.line());
  }

  private static Process driver(Path job, Path work, String killPoint, long batch) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m"));
    cmd.addAll(List.of(System.getProperty("tributary.java17.opens", "").trim().split("\\s+")));
    cmd.addAll(List.of("-cp", classpath, StreamingDriverMain.class.getName(), job.toString(), work.toString()));
    if (killPoint != null) {
      cmd.addAll(List.of(killPoint, Long.toString(batch)));
    }
    int run = (int) Files.list(work).filter(p -> p.getFileName().toString().startsWith("driver-")).count();
    Path log = work.resolve("driver-" + run + ".log");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitLine(Process p, String prefix, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : logOf(p)) {
        if (line.startsWith(prefix)) {
          return;
        }
      }
      if (!p.isAlive()) {
        throw new AssertionError("driver exited (" + p.exitValue() + ") before '" + prefix + "'; log:\n" + tail(p));
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new AssertionError("no '" + prefix + "' from the driver within " + timeout + "; log:\n" + tail(p));
  }

  private static final Map<Long, Path> LOGS = new LinkedHashMap<>();

  private static List<String> logOf(Process p) throws IOException {
    Path log = LOGS.computeIfAbsent(p.pid(), pid -> {
      try (var files = Files.list(tmp.resolve("driver"))) {
        return files.filter(f -> f.getFileName().toString().startsWith("driver-")).sorted().reduce((a, b) -> b).orElseThrow();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  private static String tail(Process p) throws IOException {
    List<String> lines = logOf(p);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** SIGKILL: no shutdown hook, no graceful stop, the open transaction stays open. */
  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "driver survived SIGKILL");
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
  }

  private static void produce(List<ReservationEvent> events) throws Exception {
    Properties admin = new Properties();
    admin.put("bootstrap.servers", stack.kafka().bootstrapServers());
    try (Admin a = Admin.create(admin)) {
      a.createTopics(List.of(new NewTopic(SOURCE_TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (ReservationEvent e : events) {
        producer.send(new ProducerRecord<>(SOURCE_TOPIC, Long.toString(e.getReservation_id()).getBytes(StandardCharsets.UTF_8),
            SampleEvents.binary(e)));
      }
    }
  }

  private static Path writeJob(String name, String datasource, String topic) throws IOException {
    String conf = """
        job { name = %s }
        source = [ {
          name = reservations, type = kafka, topics = [%s], bootstrap_servers = "%s"
          thrift_class = io.tributary.events.ReservationEvent, protocol = binary
          starting_offsets = earliest, max_offsets_per_trigger = 500
        } ]
        process = [ {
          name = booked, type = sql
          sql = \"\"\"SELECT event_time_ms, listing_id, market, status, nights, guests,
                   total_price.amount_micros / 1000000.0 AS total_price, total_price.currency AS currency
                   FROM reservations WHERE status IN ('CONFIRMED', 'COMPLETED')\"\"\"
        } ]
        sink = [ {
          name = druid, input = booked, type = druid
          datasource = %s, timestamp_column = event_time_ms, timestamp_format = millis
          dimensions = [market, status, currency, listing_id]
          metrics = [
            { name = count, type = count }
            { name = nights, type = longSum, field = nights }
            { name = guests, type = longSum, field = guests }
            { name = revenue, type = doubleSum, field = total_price }
            { name = max_price, type = max, field = total_price }
            { name = listings_hll, type = hll, field = listing_id }
          ]
          segment_granularity = DAY, query_granularity = HOUR
          overlord_url = "%s", coordinator_url = "%s", broker_url = "%s"
          intermediate_topic = "%s", bootstrap_servers = "%s", topic_partitions = 2
        } ]
        streaming { checkpoint_dir = "%s" }
        dead_letter { type = path, path = "%s" }
        """.formatted(name, SOURCE_TOPIC, stack.kafka().bootstrapServers(), datasource, stack.druid().overlordUrl(),
        stack.druid().coordinatorUrl(), stack.druid().brokerUrl(), topic, stack.kafka().bootstrapServers(),
        tmp.resolve("checkpoints-" + name), tmp.resolve("dead-letters-" + name));
    return Files.writeString(tmp.resolve(name + ".conf"), conf);
  }

  /** {read_committed, read_uncommitted} record counts of the topic. */
  private static long[] topicRecords(String topic) {
    return new long[] {count(topic, "read_committed"), count(topic, "read_uncommitted")};
  }

  private static long count(String topic, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long n = 0;
      long deadline = System.currentTimeMillis() + 30_000;
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
        n += c.poll(Duration.ofMillis(500)).count();
      }
      return n;
    }
  }

  // ------------------------------------------------------------------------------------------------ batch

  @Test
  @Order(2)
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void reindexOfOneDayReplacesThatDayAndLeavesTheOthers() {
    String ds = "reservations_batch";
    DruidSink sink = new DruidSink(config(ds, "druid." + ds, tmp.resolve("batch")), Mode.BATCH);
    SparkSession spark = spark();
    List<ReservationEvent> firstLoad = SampleEvents.stream().seed(11).entities(1500).mutationsPerEntity(1).spanDays(3)
        .reservations();
    SinkResult loaded = sink.write(rows(spark, firstLoad), new BatchContext("batch", "druid", Mode.BATCH, 1));
    Map<String, ExpectedSums> before = ExpectedSums.by(firstLoad, DruidSinkClusterTest::day);
    assertEquals(before.values().stream().mapToLong(ExpectedSums::count).sum(), loaded.written());
    assertEquals(before, actual(ds, "TIME_FORMAT(__time, 'yyyy-MM-dd')", null, before));

    // the Hive query for day 2 now returns other rows (late corrections): reindex only that day
    String day2 = before.keySet().stream().skip(1).findFirst().orElseThrow();
    List<ReservationEvent> corrected = SampleEvents.stream().seed(99).entities(4000).mutationsPerEntity(1).spanDays(3)
        .reservations().stream().filter(e -> day(e).equals(day2)).toList();
    SinkResult reindexed = sink.write(rows(spark, corrected), new BatchContext("batch", "druid", Mode.BATCH, 2));

    Map<String, ExpectedSums> after = new TreeMap<>(before);
    after.put(day2, ExpectedSums.by(corrected, DruidSinkClusterTest::day).get(day2));
    assertEquals(after.get(day2).count(), reindexed.written());
    assertTrue(!after.get(day2).equals(before.get(day2)));
    assertEquals(after, actual(ds, "TIME_FORMAT(__time, 'yyyy-MM-dd')", null, after));
  }

  // --------------------------------------------------------------------------------------------- Superset

  /**
   * The Superset bundle in docs/superset/reservations against a real datasource of that name: its files refer to each
   * other as an import needs, its dataset's columns are the datasource's columns with Druid's SQL types, and each
   * chart's query, as Superset's Druid dialect writes it, runs on the broker and adds up to the input events.
   * (Superset itself cannot be installed here: PyPI is out of reach.)
   */
  @Test
  @Order(3)
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void supersetBundleFitsTheDatasourceAndItsChartsQueryIt() throws Exception {
    SupersetBundle bundle = SupersetBundle.load(Path.of("..", "docs", "superset", "reservations"));
    assertEquals(List.of(), bundle.problems());
    String ds = bundle.tableName();
    List<ReservationEvent> events = SampleEvents.stream().seed(23).entities(800).mutationsPerEntity(1).spanDays(3)
        .reservations();
    new DruidSink(config(ds, "druid." + ds, tmp.resolve("superset")), Mode.BATCH)
        .write(rows(spark(), events), new BatchContext("superset", "druid", Mode.BATCH, 1));

    Map<String, String> druidTypes = new LinkedHashMap<>();
    for (Map<String, Object> column : sql.query("SELECT COLUMN_NAME AS c, DATA_TYPE AS t FROM INFORMATION_SCHEMA.COLUMNS"
        + " WHERE TABLE_SCHEMA = 'druid' AND TABLE_NAME = '" + ds + "'")) {
      druidTypes.put((String) column.get("c"), (String) column.get("t"));
    }
    assertEquals(new TreeMap<>(bundle.columnTypes()), new TreeMap<>(druidTypes), "dataset columns vs Druid's");

    long booked = events.stream().filter(ExpectedSums::booked).count();
    Map<String, ExpectedSums> byMarketAndCurrency = ExpectedSums.by(events,
        e -> e.getMarket() + "/" + e.getTotal_price().getCurrency());
    for (Map<String, Object> chart : bundle.charts()) {
      String query = bundle.query(chart);
      List<Map<String, Object>> rows = sql.query(query);
      assertEquals(booked, rows.stream().mapToLong(r -> ((Number) r.get("bookings")).longValue()).sum(), query);
      for (Map<String, Object> row : rows) {
        if (row.containsKey("currency")) { // the revenue table: one row per market and currency
          ExpectedSums want = byMarketAndCurrency.get(row.get("market") + "/" + row.get("currency"));
          assertEquals(want.count(), ((Number) row.get("bookings")).longValue(), query);
          assertEquals(want.revenue(), ((Number) row.get("revenue")).doubleValue(), 0.01, query);
          assertEquals((double) want.nights() / want.count(), ((Number) row.get("avg_nights")).doubleValue(), 1e-9,
              query);
        }
      }
    }
  }

  static String day(ReservationEvent e) {
    return Instant.ofEpochMilli(e.getEvent_time_ms()).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static DruidSinkConfig config(String datasource, String topic, Path batchPath) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("datasource", datasource);
    o.put("timestamp_column", "event_time_ms");
    o.put("timestamp_format", "millis");
    o.put("dimensions", List.of("market", "status", "currency", "listing_id"));
    o.put("metrics", List.of(Map.of("name", "count", "type", "count"),
        Map.of("name", "nights", "type", "longSum", "field", "nights"),
        Map.of("name", "guests", "type", "longSum", "field", "guests"),
        Map.of("name", "revenue", "type", "doubleSum", "field", "total_price")));
    o.put("query_granularity", "HOUR");
    o.put("overlord_url", stack.druid().overlordUrl());
    o.put("coordinator_url", stack.druid().coordinatorUrl());
    o.put("intermediate_topic", topic);
    o.put("bootstrap_servers", stack.kafka().bootstrapServers());
    o.put("batch_path", batchPath.toString());
    o.put("task_timeout", Duration.ofMinutes(3));
    return DruidSinkConfig.from("batch", "druid", SinkOptions.of(o));
  }

  private static SparkSession spark() {
    return SparkSession.builder().appName("druid-sink-test").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString()).getOrCreate();
  }

  /** The conformed rows the Hive query + SQL step would produce (booked reservations only). */
  private static Dataset<Row> rows(SparkSession spark, List<ReservationEvent> events) {
    StructType schema = new StructType()
        .add("event_time_ms", DataTypes.LongType).add("listing_id", DataTypes.LongType)
        .add("market", DataTypes.StringType).add("status", DataTypes.StringType)
        .add("nights", DataTypes.IntegerType).add("guests", DataTypes.IntegerType)
        .add("total_price", DataTypes.DoubleType).add("currency", DataTypes.StringType);
    List<Row> rows = events.stream().filter(ExpectedSums::booked).map(e -> RowFactory.create(e.getEvent_time_ms(),
        e.getListing_id(), e.getMarket(), e.getStatus().name(), e.getNights(), (int) e.getGuests(),
        e.getTotal_price().getAmount_micros() / 1_000_000.0, e.getTotal_price().getCurrency())).toList();
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  // ------------------------------------------------------------------------------------------------ Druid SQL

  private static void awaitCount(String ds, long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      try {
        List<Map<String, Object>> r = sql.query("SELECT SUM(\"count\") AS c FROM " + ds);
        seen = r.isEmpty() || r.get(0).get("c") == null ? 0 : ((Number) r.get(0).get("c")).longValue();
      } catch (RuntimeException e) {
        seen = -1; // datasource not known to the broker yet
      }
      if (seen >= expected) {
        assertEquals(expected, seen, "rows counted in " + ds);
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(ds + ": " + seen + " rows after " + timeout + ", expected " + expected);
  }

  /** Druid's sums grouped by {@code keyExpr}, rounded into the expected map's shape (matching revenue to the cent). */
  private static Map<String, ExpectedSums> actual(String ds, String keyExpr, String where, Map<String, ExpectedSums> expected) {
    List<Map<String, Object>> rows = sql.query("SELECT " + keyExpr + " AS k, SUM(\"count\") AS c, SUM(nights) AS n,"
        + " SUM(guests) AS g, SUM(revenue) AS r FROM " + ds + (where == null ? "" : " WHERE " + where) + " GROUP BY 1");
    Map<String, ExpectedSums> out = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      String key = String.valueOf(row.get("k"));
      ExpectedSums got = ExpectedSums.of(row);
      ExpectedSums want = expected.get(key);
      out.put(key, want != null && want.matches(got) ? want : got);
    }
    return out;
  }
}
