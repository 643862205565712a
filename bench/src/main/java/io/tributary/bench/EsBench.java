package io.tributary.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.driver.StreamingJob;
import io.tributary.es.EsIndexManager;
import io.tributary.es.EsSettings;
import io.tributary.events.Amenity;
import io.tributary.events.ListingEvent;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.localstack.LocalStack;
import io.tributary.sample.SampleEvents;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkProviders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/tributary bench es}: the same N listing documents indexed (a) by the streaming pipeline (Thrift on
 * Kafka -> StreamingJob -> decode -> SQL -> elasticsearch sink) and (b) by elasticsearch-java's BulkIngester
 * straight into the same node, same bulk size, same number of concurrent bulk writers, same template, external
 * versions in both. Last line: {@code es pipeline/raw throughput: <ratio> (pipeline <n> docs/s, raw <m> docs/s)}.
 *
 * <p>Both start from data already in place (the pipeline's events already on Kafka, the raw client's events in
 * memory); both end when every bulk request has been acknowledged; each is checked to have indexed all N
 * documents before its number is printed. A warm-up of each path runs first ({@code --warmup N} documents, default
 * 200000): Elasticsearch's first large indexing runs cost it up to twice the CPU of later ones (JIT; it was still
 * getting faster after 250,000 documents), and the path that met it first used to pay for that; the timed rounds
 * then alternate the paths, and the medians are compared.
 * Options: {@code --docs N} (default 200000), {@code --batch-size N} (5000),
 * {@code --partitions N} (Kafka partitions = Spark writer tasks = BulkIngester concurrent requests; default 2),
 * {@code --min-partitions N} (the job's {@code min_partitions}: Spark read tasks per micro-batch; default 0, unset,
 * one task per Kafka partition, as in job-configs/listings-es.conf),
 * {@code --rounds N} (timed rounds of pipeline then raw, default 3; the ratio is of the two medians),
 * {@code --rate R --seconds S} (the latency run, default 1000 docs/s for 30 s; 0 seconds skips it).
 *
 * <p>Latency: with the streaming query already running, a producer sends R new listings a second for S seconds;
 * every 10th is a probe whose send time is kept, and a poller searches the alias every 50 ms for pending probes.
 * Produce-to-searchable = first time the poller sees a probe - its send time (so it includes up to 50 ms of
 * polling, the micro-batch wait and the index's refresh_interval of 1 s).
 */
public final class EsBench {
  static final String SQL = "SELECT listing_id, mutation_id, operation, title, host_id, room_type, market,"
      + " address.city AS city, address.country_code AS country_code, address.location AS location,"
      + " max_guests, instant_bookable, amenities FROM listings";

  private final LocalStack stack;
  private final SparkSession spark;
  private final Path workDir;
  private final int batchSize;
  private final int partitions;
  private final int minPartitions;

  EsBench(LocalStack stack, SparkSession spark, Path workDir, int batchSize, int partitions, int minPartitions) {
    this.stack = stack;
    this.spark = spark;
    this.workDir = workDir;
    this.batchSize = batchSize;
    this.partitions = partitions;
    this.minPartitions = minPartitions;
  }

  public static void main(String[] args) throws Exception {
    int docs = intArg(args, "--docs", 200_000);
    int batchSize = intArg(args, "--batch-size", 5000);
    int partitions = intArg(args, "--partitions", 2);
    int minPartitions = intArg(args, "--min-partitions", 0);
    int rate = intArg(args, "--rate", 1000);
    int seconds = intArg(args, "--seconds", 30);
    int rounds = intArg(args, "--rounds", 3);
    int warmupDocs = intArg(args, "--warmup", 200_000);
    Path workDir = Path.of(System.getProperty("tributary.work.dir", "work")).toAbsolutePath();
    Path benchDir = Files.createDirectories(workDir.resolve("bench-es"));
    System.out.printf(Locale.ROOT, "bench es: %d docs x %d rounds (warm-up %d), bulk %d, %d partitions/writers,"
        + " min_partitions %d, load average %s, %d cores%n", docs, rounds, warmupDocs, batchSize, partitions, minPartitions,
        Files.readString(Path.of("/proc/loadavg")).split(" ")[0], Runtime.getRuntime().availableProcessors());

    LocalStack stack = LocalStack.inWorkDir(workDir.resolve("local-stack"));
    boolean wasRunning = stack.elasticsearch().status().healthy() && stack.kafka().status().healthy();
    stack.kafka().start();
    stack.elasticsearch().start();
    SparkSession spark = SparkSession.builder().appName("bench-es").master("local[" + partitions + "]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", Integer.toString(partitions))
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", benchDir.resolve("warehouse").toString())
        .getOrCreate();
    try {
      EsBench bench = new EsBench(stack, spark, benchDir, batchSize, partitions, minPartitions);
      bench.warmUp(warmupDocs);
      System.gc();
      List<ListingEvent> events = SampleEvents.benchmarkListings(docs, 42);
      // Rounds alternate the paths, so neither always meets Elasticsearch's JIT and merges first; medians are kept.
      List<Double> pipelineRounds = new ArrayList<>();
      List<Double> rawRounds = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        pipelineRounds.add(bench.pipeline("run" + round, events));
        rawRounds.add(bench.raw("run" + round, events));
      }
      double pipeline = median(pipelineRounds);
      double raw = median(rawRounds);
      if (seconds > 0) {
        bench.latency(rate, seconds);
      }
      System.out.printf(Locale.ROOT, "es pipeline/raw throughput: %.2f (pipeline %.0f docs/s, raw %.0f docs/s)%n",
          pipeline / raw, pipeline, raw);
    } finally {
      spark.stop();
      if (!wasRunning) {
        stack.stopAll();
      }
    }
  }

  /** Both paths, untimed; its events are garbage once it returns (collected before the rounds, not during them). */
  void warmUp(int docs) throws Exception {
    List<ListingEvent> warmup = SampleEvents.benchmarkListings(docs, 7);
    pipeline("warmup", warmup);
    raw("warmup", warmup);
  }

  /** Events on a fresh topic, then the job's streaming query until it has processed them all. Returns docs/s. */
  double pipeline(String label, List<ListingEvent> events) throws Exception {
    long stamp = System.currentTimeMillis();
    String topic = "bench-es-" + label + "-" + stamp;
    String alias = "bench_pipeline_" + label + "_" + stamp;
    produce(topic, events);
    JobSpec job = JobFile.load(jobFile(topic, alias), Mode.STREAMING, Map.of());
    SinkSpec sinkSpec = job.sink("es").orElseThrow();
    long nanos;
    try (Sink sink = SinkProviders.forType(sinkSpec.type()).create(sinkSpec, job)) {
      sink.open(spark);
      StreamingJob streaming = new StreamingJob(spark, job, Map.of("es", sink), workDir.resolve("work"));
      CpuMeter cpu = CpuMeter.start();
      long start = System.nanoTime();
      streaming.start();
      try {
        streaming.processAllAvailable();
        nanos = System.nanoTime() - start;
      } finally {
        streaming.stop();
      }
      System.out.println("CPU during pipeline " + label + ": " + CpuMeter.format(cpu.elapsed()));
    }
    return report("pipeline", label, alias, events.size(), nanos);
  }

  /** Steady-rate produce-to-searchable latency through a running pipeline; prints p50/p99. */
  void latency(int rate, int seconds) throws Exception {
    long stamp = System.currentTimeMillis();
    String topic = "bench-es-latency-" + stamp;
    String alias = "bench_latency_" + stamp;
    produce(topic, List.of());
    JobSpec job = JobFile.load(jobFile(topic, alias), Mode.STREAMING, Map.of());
    SinkSpec sinkSpec = job.sink("es").orElseThrow();
    Map<Long, Long> sentNanos = new java.util.concurrent.ConcurrentHashMap<>();
    List<Long> latenciesMs = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
    try (Sink sink = SinkProviders.forType(sinkSpec.type()).create(sinkSpec, job);
         EsIndexManager searcher = new EsIndexManager(
             EsSettings.forAlias(stack.elasticsearch().httpUrl(), alias, "listing_id", "mutation_id"))) {
      sink.open(spark);
      StreamingJob streaming = new StreamingJob(spark, job, Map.of("es", sink), workDir.resolve("work"));
      streaming.start();
      Thread.sleep(3000); // the first (empty) micro-batches and Spark's first-job costs are not latency
      Thread poller = new Thread(() -> poll(searcher.client(), alias, sentNanos, latenciesMs, producing), "probe-poller");
      poller.start();
      try (KafkaProducer<String, byte[]> producer = producer()) {
        java.util.Random rnd = new java.util.Random(3);
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
          long due = start + i * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          long listingId = 50_000_000L + i;
          ListingEvent event = SampleEvents.listing(rnd, listingId, 1, SampleEvents.DEFAULT_START_MS);
          if (i % 10 == 0) {
            sentNanos.put(listingId, System.nanoTime());
          }
          producer.send(new ProducerRecord<>(topic, Long.toString(listingId), SampleEvents.compact(event)));
        }
        producer.flush();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!sentNanos.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      producing.set(false);
      poller.join(10_000);
      streaming.stop();
    }
    if (!sentNanos.isEmpty()) {
      throw new IllegalStateException("latency: " + sentNanos.size() + " probes never became searchable in " + alias);
    }
    List<Long> sorted = latenciesMs.stream().sorted().toList();
    System.out.printf(Locale.ROOT, "es produce-to-searchable latency at %d docs/s for %d s: p50 %d ms, p99 %d ms,"
            + " max %d ms (%d probes; refresh_interval 1s, micro-batches back to back)%n", rate, seconds,
        percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1), sorted.size());
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static void poll(ElasticsearchClient client, String alias, Map<Long, Long> sentNanos, List<Long> latenciesMs,
      java.util.concurrent.atomic.AtomicBoolean producing) {
    while (producing.get()) {
      try {
        List<co.elastic.clients.elasticsearch._types.FieldValue> pending = sentNanos.keySet().stream().limit(2000)
            .map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList();
        if (!pending.isEmpty()) {
          var response = client.search(s -> s.index(alias).size(pending.size()).source(src -> src.fetch(false))
              .query(q -> q.terms(t -> t.field("listing_id").terms(v -> v.value(pending)))), Void.class);
          long now = System.nanoTime();
          for (var hit : response.hits().hits()) {
            Long sent = sentNanos.remove(Long.parseLong(hit.id()));
            if (sent != null) {
              latenciesMs.add(TimeUnit.NANOSECONDS.toMillis(now - sent));
            }
          }
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        System.err.println("probe poll failed: " + e);
      }
    }
  }

  /** The same documents with BulkIngester: external versions, same template (via EsIndexManager). */
  double raw(String label, List<ListingEvent> events) throws Exception {
    String alias = "bench_raw_" + label + "_" + System.currentTimeMillis();
    EsSettings settings = EsSettings.forAlias(stack.elasticsearch().httpUrl(), alias, "listing_id", "mutation_id");
    AtomicLong failed = new AtomicLong();
    long nanos;
    try (EsIndexManager manager = new EsIndexManager(settings)) {
      manager.applyTemplate();
      manager.ensureAlias();
      ElasticsearchClient client = manager.client();
      CpuMeter cpu = CpuMeter.start();
      long start = System.nanoTime();
      BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(batchSize)
          .maxConcurrentRequests(partitions).listener(new FailureCounter(failed)));
      for (ListingEvent event : events) {
        Map<String, Object> doc = document(event);
        ingester.add(op -> op.index(i -> i.index(alias).id(Long.toString(event.getListing_id()))
            .version(event.getMutation_id()).versionType(VersionType.External).document(doc)));
      }
      ingester.close(); // flushes and waits for every request
      nanos = System.nanoTime() - start;
      System.out.println("CPU during raw " + label + ":      " + CpuMeter.format(cpu.elapsed()));
    }
    if (failed.get() > 0) {
      throw new IllegalStateException("raw: " + failed.get() + " bulk items failed");
    }
    return report("raw", label, alias, events.size(), nanos);
  }

  /** The pipeline's SQL, by hand: the same fields, names and shapes the sink writes. */
  static Map<String, Object> document(ListingEvent event) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("listing_id", event.getListing_id());
    doc.put("mutation_id", event.getMutation_id());
    doc.put("operation", event.getOperation().name());
    doc.put("title", event.getTitle());
    doc.put("host_id", event.isSetHost_id() ? event.getHost_id() : null);
    doc.put("room_type", event.isSetRoom_type() ? event.getRoom_type().name() : null);
    doc.put("market", event.getMarket());
    if (event.isSetAddress()) {
      doc.put("city", event.getAddress().getCity());
      doc.put("country_code", event.getAddress().getCountry_code());
      if (event.getAddress().isSetLocation()) {
        doc.put("location", Map.of("lat", event.getAddress().getLocation().getLat(),
            "lon", event.getAddress().getLocation().getLon()));
      }
    }
    doc.put("max_guests", event.isSetMax_guests() ? event.getMax_guests() : null);
    doc.put("instant_bookable", event.isSetInstant_bookable() ? event.isInstant_bookable() : null);
    doc.put("amenities", event.isSetAmenities() ? event.getAmenities().stream().map(Amenity::name).sorted().toList() : null);
    doc.put("tributary_deleted", false);
    doc.values().removeIf(java.util.Objects::isNull);
    return doc;
  }

  private Path jobFile(String topic, String alias) throws java.io.IOException {
    Path jobFile = workDir.resolve(alias + ".conf");
    Files.writeString(jobFile, """
        job { name = bench-es }
        source = [ { name = listings, type = kafka, topics = [%s], bootstrap_servers = "%s",
                     thrift_class = io.tributary.events.ListingEvent, protocol = compact,
                     starting_offsets = earliest, max_offsets_per_trigger = 100000%s } ]
        process = [ { name = latest, type = sql, sql = "%s" } ]
        sink = [ { name = es, input = latest, type = elasticsearch, nodes = "%s", index = %s,
                   id_column = listing_id, version_column = mutation_id, number_of_replicas = 0,
                   batch_size_entries = %d } ]
        streaming { checkpoint_dir = "%s" }
        dead_letter { type = path, path = "%s" }
        """.formatted(topic, stack.kafka().bootstrapServers(),
        minPartitions > 0 ? ", min_partitions = " + minPartitions : "", SQL, stack.elasticsearch().httpUrl(), alias, batchSize,
        workDir.resolve("checkpoints").resolve(alias), workDir.resolve("dead-letters")));
    return jobFile;
  }

  private double report(String path, String label, String alias, int docs, long nanos) throws Exception {
    long count = count(alias);
    if (count != docs) {
      throw new IllegalStateException(path + " " + label + ": " + alias + " holds " + count + " docs, expected " + docs);
    }
    double perSecond = docs / (nanos / 1e9);
    System.out.printf(Locale.ROOT, "%-8s %-6s %,d docs in %.2f s: %.0f docs/s%n", path, label, docs, nanos / 1e9,
        perSecond);
    System.out.println("  index stats of " + path + " " + label + ": " + indexStats(alias));
    return perSecond;
  }

  /** What Elasticsearch did for the path's documents: index operations, refreshes, merges, segments. */
  private String indexStats(String alias) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.elasticsearch().httpUrl() + "/" + alias
        + "/_stats/indexing,refresh,merge,flush,segments,store,docs")).GET().build();
    String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    JsonNode primaries = new ObjectMapper().readTree(body).path("_all").path("primaries");
    return String.format(Locale.ROOT, "index ops %d in %d ms, refreshes %d, merges %d (%d ms, %d docs), segments %d,"
            + " docs deleted %d, store %d KiB",
        primaries.path("indexing").path("index_total").asLong(),
        primaries.path("indexing").path("index_time_in_millis").asLong(),
        primaries.path("refresh").path("total").asLong(), primaries.path("merges").path("total").asLong(),
        primaries.path("merges").path("total_time_in_millis").asLong(),
        primaries.path("merges").path("total_docs").asLong(), primaries.path("segments").path("count").asLong(),
        primaries.path("docs").path("deleted").asLong(), primaries.path("store").path("size_in_bytes").asLong() / 1024);
  }

  private long count(String alias) throws Exception {
    EsSettings settings = EsSettings.forAlias(stack.elasticsearch().httpUrl(), alias, "listing_id", "mutation_id");
    try (EsIndexManager manager = new EsIndexManager(settings)) {
      manager.client().indices().refresh(r -> r.index(alias));
      return manager.client().count(c -> c.index(alias)).count();
    }
  }

  private void produce(String topic, List<ListingEvent> events) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    try (AdminClient admin = AdminClient.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (ListingEvent event : events) {
        producer.send(new ProducerRecord<>(topic, Long.toString(event.getListing_id()), SampleEvents.compact(event)));
      }
      producer.flush();
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    return new KafkaProducer<>(props);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private static final class FailureCounter implements BulkListener<Void> {
    private final AtomicLong failed;

    FailureCounter(AtomicLong failed) {
      this.failed = failed;
    }

    @Override
    public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {}

    @Override
    public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
      for (BulkResponseItem item : response.items()) {
        if (item.error() != null) {
          failed.incrementAndGet();
        }
      }
    }

    @Override
    public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
      failed.addAndGet(request.operations().size());
    }
  }
}
