package io.tributary.demo;

import io.tributary.decode.DecodedBatch;
import io.tributary.decode.KafkaRecordDecoder;
import io.tributary.driver.BatchJob;
import io.tributary.driver.JobRunner;
import io.tributary.driver.LocalSpark;
import io.tributary.driver.SinkInputSchema;
import io.tributary.driver.StreamingJob;
import io.tributary.es.EsIndexManager;
import io.tributary.es.EsSettings;
import io.tributary.events.ListingEvent;
import io.tributary.events.ReservationEvent;
import io.tributary.hbase.HBaseSinkConfig;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.JobValidationException;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.job.SourceSpec;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.LocalStackConfig;
import io.tributary.localstack.Server;
import io.tributary.localstack.ServerStatus;
import io.tributary.sample.SampleEvents;
import io.tributary.schema.DecodeLimits;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code bin/tributary demo}: the whole of Tributary on the local stack. Starts real Kafka, Elasticsearch, HBase,
 * Druid and a Hive metastore on 127.0.0.1; publishes listing and reservation events (updates, out-of-order and
 * duplicate mutations, deletes, corrupt records); runs the three streaming jobs of job-configs/ until the stores
 * have caught up; reindexes one day from Hive with the same job files while the streams keep running and new
 * updates arrive; then reads every store back, checks it against the state computed from the events, and prints
 * what a user wants to see. Exits non-zero if any store disagrees.
 */
public final class Demo {
  private static final String LISTINGS_TOPIC = "listings";
  private static final String RESERVATIONS_TOPIC = "reservations";
  private static final Duration DRUID_CATCH_UP = Duration.ofMinutes(5);

  private final Path home = Path.of(System.getProperty("tributary.home", ".")).toAbsolutePath();
  private final Path workDir = Path.of(System.getProperty("tributary.work.dir", "work")).toAbsolutePath();
  private final long started = System.nanoTime();
  private final DemoEvents events = new DemoEvents();
  /** On the standard ports, which the job files in job-configs/ name (127.0.0.1:9092 and friends). */
  private final LocalStack stack = new LocalStack(LocalStackConfig.builder().workDir(workDir.resolve("local-stack"))
      .standardPorts(true).build());
  private final List<Sink> openSinks = new ArrayList<>();
  /** Per streaming job: records read until it first caught up, and the seconds that took. */
  private final Map<String, double[]> catchUp = new LinkedHashMap<>();

  public static void main(String[] args) throws Exception {
    boolean keepRunning = List.of(args).contains("--keep-running");
    Demo demo = new Demo();
    if (!keepRunning) {
      demo.stack.stopOnJvmExit(); // Ctrl-C leaves no server behind
    }
    try {
      demo.run(keepRunning);
    } catch (DemoStores.DemoFailure e) {
      System.out.println("demo: FAILED: " + e.getMessage());
      System.exit(1);
    }
  }

  private void run(boolean keepRunning) throws Exception {
    try {
      startStack();
      publish();
      Map<String, String> sparkConf = new LinkedHashMap<>(stack.hiveMetastore().sparkConf());
      sparkConf.putAll(Map.of("spark.sql.shuffle.partitions", "2", "spark.sql.session.timeZone", "UTC"));
      SparkSession spark = LocalSpark.session("demo", workDir, sparkConf);
      Map<String, JobSpec> streamingSpecs = new LinkedHashMap<>();
      for (String job : List.of("listings-es", "listings-hbase", "reservations-druid")) {
        streamingSpecs.put(job, JobFile.load(home.resolve("job-configs/" + job + ".conf"), Mode.STREAMING, Map.of()));
      }
      DemoStores stores = new DemoStores(esSettings(streamingSpecs.get("listings-es")),
          HBaseSinkConfig.from(sink(streamingSpecs.get("listings-hbase"), "hbase")), stack.druid().brokerUrl());
      String datasource = sink(streamingSpecs.get("reservations-druid"), "druid").options().string("datasource")
          .orElseThrow();

      Map<String, StreamingJob> streams = stream(spark, streamingSpecs, stores, datasource);
      writeHiveTables(spark);
      reindex(spark, streams, stores, datasource);
      show(spark, streams, stores, streamingSpecs.get("listings-hbase"), datasource);

      String summary = String.format("demo: ok (%d listing and %d reservation events through 3 pipelines, %d"
          + " dead-lettered, day reindexed from Hive, every store checked, %.0f s)",
          events.listings.size() + events.updatesDuringReindex.size(), events.reservations.size(),
          streams.values().stream().mapToLong(j -> j.deadLetterCounters().total()).sum(), elapsedSeconds());
      if (keepRunning) {
        System.out.println(summary);
        printPokeAround(datasource);
        for (StreamingJob job : streams.values()) {
          job.awaitTermination();
        }
        return;
      }
      streams.values().forEach(StreamingJob::stop);
      openSinks.forEach(Sink::close);
      spark.stop();
      stack.stopAll();
      System.out.println(summary);
    } catch (Exception | Error e) {
      stack.stopAll();
      throw e;
    }
  }

  // ---- 1. servers

  private void startStack() throws IOException {
    step("starting a fresh local stack in " + stack.workDir() + " (Kafka, Elasticsearch, HBase, Druid, Hive"
        + " metastore; the first run downloads the servers from Maven Central)");
    stack.clean();
    // The job files' relative paths (checkpoints, dead letters, Druid's batch files) resolve against the working
    // directory, which bin/tributary sets to the repository root.
    for (String dir : List.of("work/checkpoints", "work/dead-letters", "work/druid-batch")) {
      deleteRecursively(Path.of(dir).toAbsolutePath());
    }
    // Started side by side: each waits mostly on its own JVM warming up.
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (Server server : stack.servers()) {
      starts.add(CompletableFuture.runAsync(() -> {
        long t = System.nanoTime();
        ServerStatus status = server.start();
        System.out.printf("    %-15s healthy in %3.0f s  %s%n", status.name(), (System.nanoTime() - t) / 1e9,
            status.endpoint());
      }));
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
  }

  // ---- 2. events

  private void publish() throws Exception {
    List<byte[]> listings = new ArrayList<>(SampleEvents.serializeAll(events.listings, true));
    List<byte[]> corruptListings = DemoEvents.corruptListings(events.listings.get(0), events.reservations.get(0));
    listings.addAll(listings.size() / 2, corruptListings);
    List<byte[]> reservations = new ArrayList<>(SampleEvents.serializeAll(events.reservations, false));
    List<byte[]> corruptReservations = DemoEvents.corruptReservations(events.reservations.get(0));
    reservations.addAll(reservations.size() / 3, corruptReservations);
    step(String.format("publishing %d listing events (2,000 listings on %s, 5 mutations each, ~5%% duplicates,"
        + " ~5%% deletes, out of order, %d corrupt) and %d reservation events (3 days, %d corrupt)",
        listings.size(), DemoEvents.LISTINGS_DAY, corruptListings.size(), reservations.size(),
        corruptReservations.size()));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(LISTINGS_TOPIC, 2, (short) 1), new NewTopic(RESERVATIONS_TOPIC, 2,
          (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    produce(LISTINGS_TOPIC, listings);
    produce(RESERVATIONS_TOPIC, reservations);
  }

  // ---- 3. streaming

  private Map<String, StreamingJob> stream(SparkSession spark, Map<String, JobSpec> specs, DemoStores stores,
      String datasource) throws Exception {
    step("streaming job-configs/{listings-es,listings-hbase,reservations-druid}.conf until the stores have caught up");
    Map<String, StreamingJob> jobs = new LinkedHashMap<>();
    long t = System.nanoTime();
    for (Map.Entry<String, JobSpec> spec : specs.entrySet()) {
      jobs.put(spec.getKey(), new StreamingJob(spark, spec.getValue(), open(spark, spec.getValue()), workDir).start());
    }
    for (Map.Entry<String, StreamingJob> job : jobs.entrySet()) {
      job.getValue().processAllAvailable();
      double seconds = (System.nanoTime() - t) / 1e9;
      catchUp.put(job.getKey(), new double[] {job.getValue().metrics().recordsIn(), seconds});
      report(specs.get(job.getKey()), job.getValue(), seconds);
    }
    long booked = events.bookedCount();
    long deadline = System.nanoTime() + DRUID_CATCH_UP.toNanos();
    long seen = 0;
    while ((seen = stores.rowCount(datasource)) < booked && System.nanoTime() < deadline) {
      System.out.printf("    druid: %d of %d booked reservations queryable...%n", seen, booked);
      Thread.sleep(5_000);
    }
    if (seen != booked) {
      throw new DemoStores.DemoFailure("druid " + datasource + ": " + seen + " rows after " + DRUID_CATCH_UP
          + ", expected " + booked);
    }
    System.out.printf("    druid: all %d booked reservations queryable %.0f s after the stream started%n", booked,
        (System.nanoTime() - t) / 1e9);
    return jobs;
  }

  private static void report(JobSpec spec, StreamingJob job, double seconds) {
    String sinks = spec.sinks().stream().map(SinkSpec::name)
        .map(s -> s + " " + job.metrics().written(s) + " written, " + job.metrics().skippedStale(s) + " stale")
        .reduce((a, b) -> a + "; " + b).orElse("");
    System.out.printf("    %-19s %5d in, %d dead-lettered, %s; caught up in %.0f s%n", spec.name(),
        job.metrics().recordsIn(), job.metrics().deadLettered(), sinks, seconds);
  }

  // ---- 4. Hive

  /** The Hive tables the reindex reads: the same events as Kafka, one partition per day (ds). */
  private void writeHiveTables(SparkSession spark) {
    step("writing the same events to Hive: events.listings and events.reservations, partitioned by day (ds)");
    spark.sql("CREATE DATABASE IF NOT EXISTS events");
    writeHiveTable(spark, LISTINGS_TOPIC, ListingEvent.class, "listings", "compact");
    writeHiveTable(spark, RESERVATIONS_TOPIC, ReservationEvent.class, "reservations", "binary");
  }

  private void writeHiveTable(SparkSession spark, String topic, Class<?> thriftClass, String table, String protocol) {
    KafkaRecordDecoder decoder = new KafkaRecordDecoder(table, thriftClass,
        io.tributary.schema.WireProtocol.valueOf(protocol.toUpperCase(java.util.Locale.ROOT)), DecodeLimits.DEFAULT);
    DecodedBatch decoded = decoder.decode(spark.read().format("kafka")
        .option("kafka.bootstrap.servers", stack.kafka().bootstrapServers()).option("subscribe", topic).load());
    decoded.events()
        .withColumn("ds", functions.date_format(functions.timestamp_millis(functions.col("event_time_ms")),
            "yyyy-MM-dd"))
        .write().mode(SaveMode.Overwrite).partitionBy("ds").saveAsTable("events." + table);
  }

  // ---- 5. reindex

  private void reindex(SparkSession spark, Map<String, StreamingJob> streams, DemoStores stores, String datasource)
      throws Exception {
    step("reindexing from Hive with the same job files (--mode batch) while the streams keep running");
    Map<String, Long> druidDaysBefore = stores.rowsByDay(datasource);
    JobSpec es = batchSpec("listings-es", Map.of("ds", DemoEvents.LISTINGS_DAY));
    // Updates that arrive while the new index is being built must survive the alias swap.
    CompletableFuture<Void> updates = publishWhenBuilding(esSettings(es));
    runBatch(spark, "listings-es", es, "a new index, bulk-loaded, then one atomic alias swap");
    updates.get(2, TimeUnit.MINUTES);
    runBatch(spark, "listings-hbase", batchSpec("listings-hbase", Map.of("ds", DemoEvents.LISTINGS_DAY)),
        "HFiles bulk-loaded, merged with the streamed cells by version");
    runBatch(spark, "reservations-druid", batchSpec("reservations-druid", Map.of("from",
        DemoEvents.RESERVATIONS_REINDEX_DAY, "until", nextDay(DemoEvents.RESERVATIONS_REINDEX_DAY))),
        "index_parallel replacing " + DemoEvents.RESERVATIONS_REINDEX_DAY + " only");
    for (StreamingJob job : streams.values()) {
      job.processAllAvailable();
    }
    Map<String, Long> druidDaysAfter = stores.rowsByDay(datasource);
    System.out.println("    druid rows per day before the reindex " + druidDaysBefore + ", after " + druidDaysAfter);
    if (!druidDaysAfter.equals(druidDaysBefore)) {
      throw new DemoStores.DemoFailure("druid " + datasource + ": the reindex of "
          + DemoEvents.RESERVATIONS_REINDEX_DAY + " changed the rows per day");
    }
  }

  private CompletableFuture<Void> publishWhenBuilding(EsSettings settings) {
    return CompletableFuture.runAsync(() -> {
      try (EsIndexManager manager = new EsIndexManager(settings)) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (manager.buildingIndex().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        produce(LISTINGS_TOPIC, SampleEvents.serializeAll(events.updatesDuringReindex, true));
        System.out.printf("    published %d newer listing mutations while %s was being built%n",
            events.updatesDuringReindex.size(), manager.buildingIndex().orElse("the new index"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private void runBatch(SparkSession spark, String name, JobSpec spec, String what) {
    long t = System.nanoTime();
    BatchJob batch = new BatchJob(spark, spec, open(spark, spec), workDir);
    Map<String, SinkResult> results = batch.run();
    double seconds = (System.nanoTime() - t) / 1e9;
    long written = results.values().stream().mapToLong(SinkResult::written).sum();
    long stale = results.values().stream().mapToLong(SinkResult::skippedStale).sum();
    System.out.printf("    %-19s %s%n%-24s %d rows in %.0f s: %d written, %d stale; %s%n", name,
        ((SourceSpec.Hive) spec.sources().get(0)).query(), "", batch.metrics().recordsIn(), seconds, written, stale,
        what);
  }

  // ---- 6. what the stores hold

  private void show(SparkSession spark, Map<String, StreamingJob> streams, DemoStores stores, JobSpec hbaseJob,
      String datasource) {
    Map<Long, ListingEvent> live = events.liveListings();
    step("Elasticsearch: searching the alias 'listings'");
    stores.search("title:loft AND city:Lisbon", 3).forEach(line -> System.out.println("    " + line));
    System.out.println("    check: " + stores.checkElasticsearch(live));

    long shown = events.updatesDuringReindex.stream().map(ListingEvent::getListing_id).filter(live::containsKey)
        .findFirst().orElseThrow();
    step("HBase: the merged view of listing " + shown + " (bulk-loaded from Hive, then updated by the stream)");
    System.out.print(stores.hbaseRow(SinkInputSchema.of(spark, hbaseJob, sink(hbaseJob, "hbase")), shown)
        .indent(4));
    System.out.println("    check: " + stores.checkHBase(events.finalListings()));

    step("Druid SQL on the broker (what Superset runs): booked reservations by market");
    System.out.printf("    %-10s %8s %7s %12s%n", "market", "bookings", "nights", "revenue");
    for (Map<String, Object> row : stores.revenueByMarket(datasource)) {
      System.out.printf("    %-10s %8s %7s %12.2f%n", row.get("market"), row.get("bookings"), row.get("nights"),
          ((Number) row.get("revenue")).doubleValue());
    }
    System.out.println("    check: " + stores.checkDruid(datasource, events.bookedByMarket()));

    step("dead letters and throughput per pipeline (three pipelines sharing 2 cores; the first batch includes"
        + " Spark's warm-up)");
    streams.forEach((name, job) -> System.out.printf("    %-19s %5d records in, %.0f records/s to catch up;"
        + " dead-lettered %d %s%n", name, job.metrics().recordsIn(), catchUp.get(name)[0] / catchUp.get(name)[1],
        job.deadLetterCounters().total(), job.deadLetterCounters().snapshot()));
  }

  private void printPokeAround(String datasource) {
    System.out.println("""
        The stack and the three streaming jobs keep running (Ctrl-C stops the jobs; the servers stay up).
          Elasticsearch  curl 'http://127.0.0.1:9200/listings/_search?q=title:loft&pretty'
          Druid SQL      curl -s -XPOST -H 'Content-Type: application/json' http://127.0.0.1:8082/druid/v2/sql \\
                           -d '{"query":"SELECT market, SUM(revenue) AS revenue FROM %s GROUP BY 1"}'
          HBase          bin/tributary hbase get job-configs/listings-hbase.conf 1000042
          Kafka          127.0.0.1:9092, topics listings, reservations, dead-letters.*
          servers        bin/tributary local-stack status   (stop: bin/tributary local-stack stop)
          more events    bin/tributary run --job job-configs/listings-es.conf --mode batch --var ds=2026-11-20
        """.formatted(datasource));
  }

  // ---- helpers

  private Map<String, Sink> open(SparkSession spark, JobSpec job) {
    Map<String, Sink> sinks = JobRunner.openSinks(spark, job);
    openSinks.addAll(sinks.values());
    return sinks;
  }

  private JobSpec batchSpec(String job, Map<String, String> vars) throws JobValidationException {
    return JobFile.load(home.resolve("job-configs/" + job + ".conf"), Mode.BATCH, vars);
  }

  private static SinkSpec sink(JobSpec job, String name) {
    return job.sink(name).orElseThrow(() -> new IllegalStateException(job.name() + ": no sink " + name));
  }

  private static EsSettings esSettings(JobSpec job) {
    return EsSettings.from(sink(job, "es").options());
  }

  private static String nextDay(String day) {
    return java.time.LocalDate.parse(day).plusDays(1).toString();
  }

  private void produce(String topic, List<byte[]> values) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.kafka().bootstrapServers());
    props.put("linger.ms", "20");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, value));
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  private void step(String what) {
    System.out.printf("==> [%3.0f s] %s%n", elapsedSeconds(), what);
  }
}
