package io.tributary.bench;

import io.tributary.driver.JobRunner;
import io.tributary.driver.StreamingJob;
import io.tributary.druid.DruidSqlClient;
import io.tributary.druid.OverlordClient;
import io.tributary.events.ReservationEvent;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.LocalStackConfig;
import io.tributary.sample.SampleEvents;
import io.tributary.sink.Sink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/tributary bench druid [--events N]}: N reservation events (default 500 000) from a Thrift source topic
 * to rows queryable in Druid through our pipeline (decode, SQL step, batch-fenced transactional writes, Druid Kafka
 * supervisor), against Druid's own Kafka ingestion of a topic that already holds the same N conformed JSON rows.
 * Each side's clock runs from submitting (pipeline: starting) to Druid SQL counting all N rows. Same cluster, same
 * dataSchema, same partitions (2) and supervisor task count (1). Untimed first, a warm-up of both: the pipeline
 * streams 200 000 events into a warm-up datasource, so Spark (JIT, code generation, the sink's producers) and Druid
 * (JIT of the indexer and historical, a first supervisor and task) pay their first-run costs before either clock
 * starts; then {@code --rounds N} (default 3) timed rounds of the pipeline then the direct ingestion, each into
 * datasources of its own, waiting between runs for the last one's hand-off; the ratio is of the two medians.
 * Last line: {@code druid pipeline/direct throughput: <ratio>}. It also prints the CPU seconds Spark, Druid and Kafka
 * used during each run. {@code --pin} runs Druid on the last core and Spark and Kafka on the others (taskset), in both
 * runs, so the two do not take turns on the same cores as they would not on a cluster.
 */
public final class DruidBench {
  static final int PARTITIONS = 2;
  /** Druid's indexer and Spark were still getting faster in the second and third 500,000-event rounds after 100,000. */
  static final int WARMUP_ROWS = 200_000;

  private DruidBench() {}

  public static void main(String[] args) throws Exception {
    int n = 500_000;
    boolean pin = false;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--events")) {
        n = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--pin")) {
        pin = true;
      } else if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[++i]);
      }
    }
    Path work = Path.of(System.getProperty("tributary.work.dir", "work")).toAbsolutePath().resolve("bench-druid");
    LocalStack stack = new LocalStack(LocalStackConfig.builder().workDir(work.resolve("local-stack")).build())
        .stopOnJvmExit();
    System.out.printf(Locale.ROOT, "bench druid: %d events, %d cores, load average %s", n,
        Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")));
    System.out.println("starting kafka and druid (work dir " + work + ")");
    // A fresh cluster each run: Druid restores the last run's tasks and loads its segments at start, work that
    // would land in this run's timings.
    stack.clean();
    stack.kafka().start();
    stack.druid().start();
    if (pin) {
      // Druid on the last core, Spark and Kafka on the others, in both runs: as if Druid had its own machine.
      int cores = Runtime.getRuntime().availableProcessors();
      String sparkCpus = cores == 2 ? "0" : "0-" + (cores - 2);
      String druidCpu = Integer.toString(cores - 1);
      CpuPinning.pinSelf(sparkCpus);
      CpuPinning.pinChildren("kafka", sparkCpus);
      int druid = CpuPinning.pinChildren("druid", druidCpu);
      System.out.printf(Locale.ROOT, "pinned: %d druid processes to cpu %s; this JVM (Spark) and kafka to cpu %s%n",
          druid, druidCpu, sparkCpus);
    }
    String run = Long.toString(System.currentTimeMillis(), 36);
    String bootstrap = stack.kafka().bootstrapServers();
    String src = "bench-src-" + run;
    String direct = "bench-direct-" + run;
    String warmup = "bench-warmup-" + run;
    produce(bootstrap, src, direct, warmup, n);

    SparkSession spark = SparkSession.builder().appName("tributary-bench-druid").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", work.resolve("warehouse").toString()).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    DruidSqlClient sql = new DruidSqlClient(stack.druid().brokerUrl());
    OverlordClient overlord = new OverlordClient(stack.druid().overlordUrl(), stack.druid().coordinatorUrl());

    String warmDs = "bench_warmup_" + run;
    long w0 = System.nanoTime();
    StreamingJob warmupJob = startPipeline(spark, writeJob(work, "bench-warmup-" + run, warmup, warmDs,
        "druid.bench-warmup-" + run, stack), work);
    awaitRows(sql, warmDs, WARMUP_ROWS);
    warmupJob.stop();
    overlord.terminateSupervisor(warmDs);
    awaitQuietCluster(overlord);
    System.out.printf(Locale.ROOT, "warm-up (untimed): %d events through the pipeline into Druid in %.1f s%n",
        WARMUP_ROWS, (System.nanoTime() - w0) / 1e9);

    // Rounds alternate the two paths, so neither always meets Druid's remaining first-run costs; medians are kept.
    List<Double> pipeRates = new ArrayList<>();
    List<Double> directRates = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      String pipeDs = "bench_pipeline_" + run + "_" + round;
      Path pipeJob = writeJob(work, "bench-pipeline-" + run + "-" + round, src, pipeDs,
          "druid.bench-pipeline-" + run + "-" + round, stack);
      long t0 = System.nanoTime();
      CpuMeter pipeCpu = CpuMeter.start();
      StreamingJob streaming = startPipeline(spark, pipeJob, work);
      awaitRows(sql, pipeDs, n);
      double pipeSeconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> pipeCpuSeconds = pipeCpu.elapsed();
      streaming.stop();
      overlord.terminateSupervisor(pipeDs);
      System.out.printf(Locale.ROOT, "round %d pipeline (Thrift topic -> Spark -> transactional topic -> Druid): %.1f s,"
          + " %.0f rows/s; CPU %s%n", round, pipeSeconds, n / pipeSeconds, CpuMeter.format(pipeCpuSeconds));
      pipeRates.add(n / pipeSeconds);
      awaitQuietCluster(overlord);

      String directDs = "bench_direct_" + run + "_" + round;
      Path directJob = writeJob(work, "bench-direct-" + run + "-" + round, src, directDs, direct, stack);
      long t1 = System.nanoTime();
      CpuMeter directCpu = CpuMeter.start();
      JobRunner.openSinks(spark, JobFile.load(directJob, Mode.STREAMING, Map.of())); // only submits the supervisor on the filled topic
      awaitRows(sql, directDs, n);
      double directSeconds = (System.nanoTime() - t1) / 1e9;
      Map<String, Double> directCpuSeconds = directCpu.elapsed();
      overlord.terminateSupervisor(directDs);
      System.out.printf(Locale.ROOT, "round %d direct (conformed JSON topic -> Druid Kafka supervisor): %.1f s,"
          + " %.0f rows/s; CPU %s%n", round, directSeconds, n / directSeconds, CpuMeter.format(directCpuSeconds));
      directRates.add(n / directSeconds);
      awaitQuietCluster(overlord);
    }

    double pipeRate = EsBench.median(pipeRates);
    double directRate = EsBench.median(directRates);
    System.out.printf(Locale.ROOT, "events: %d, cores: %d, rounds: %d; medians: pipeline %.0f rows/s, direct %.0f"
        + " rows/s%n", n, Runtime.getRuntime().availableProcessors(), rounds, pipeRate, directRate);
    System.out.printf(Locale.ROOT, "load average at the end: %s", Files.readString(Path.of("/proc/loadavg")));
    spark.stop();
    stack.stopAll();
    System.out.printf(Locale.ROOT, "druid pipeline/direct throughput: %.2f%n", pipeRate / directRate);
    System.exit(0);
  }

  /**
   * Waits until the last run's tasks have published and handed off their segments, so that work (merging, pushing,
   * the historical loading) does not land in the next run's clock.
   */
  private static void awaitQuietCluster(OverlordClient overlord) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
    List<String> active = overlord.activeTasks();
    while (!active.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Druid tasks still active after 5 minutes: " + active);
      }
      Thread.sleep(500);
      active = overlord.activeTasks();
    }
    System.out.printf(Locale.ROOT, "waited %.1f s (untimed) for the last run's tasks to hand off%n",
        (System.nanoTime() - t0) / 1e9);
  }

  /** Loads the job file, opens its sink (which submits the supervisor) and starts the streaming query. */
  private static StreamingJob startPipeline(SparkSession spark, Path jobFile, Path work) throws Exception {
    JobSpec job = JobFile.load(jobFile, Mode.STREAMING, Map.of());
    Map<String, Sink> sinks = JobRunner.openSinks(spark, job);
    return new StreamingJob(spark, job, sinks, work).start();
  }

  /** Polls Druid SQL until it counts all rows; fails after 15 minutes. */
  private static void awaitRows(DruidSqlClient sql, String ds, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    long seen = -1;
    while (System.nanoTime() < deadline) {
      try {
        List<Map<String, Object>> r = sql.query("SELECT SUM(\"count\") AS c FROM \"" + ds + "\"");
        seen = r.isEmpty() || r.get(0).get("c") == null ? 0 : ((Number) r.get(0).get("c")).longValue();
      } catch (RuntimeException e) {
        seen = -1; // not known to the broker yet
      }
      if (seen >= n) {
        if (seen > n) {
          throw new IllegalStateException(ds + ": Druid counts " + seen + " rows, more than the " + n + " sent");
        }
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(ds + ": only " + seen + " of " + n + " rows queryable after 15 minutes");
  }

  /**
   * The Thrift events to {@code src}, the first {@link #WARMUP_ROWS} of them also to {@code warmup}; the rows our SQL
   * step makes of them, as JSON, to {@code direct}. Untimed.
   */
  private static void produce(String bootstrap, String src, String direct, String warmup, int n) throws Exception {
    Properties admin = new Properties();
    admin.put("bootstrap.servers", bootstrap);
    try (Admin a = Admin.create(admin)) {
      a.createTopics(List.of(new NewTopic(src, PARTITIONS, (short) 1), new NewTopic(direct, PARTITIONS, (short) 1),
              new NewTopic(warmup, PARTITIONS, (short) 1)))
          .all().get(60, TimeUnit.SECONDS);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Random rnd = new Random(42);
    long start = SampleEvents.DEFAULT_START_MS;
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < n; i++) {
        long time = start + (long) (rnd.nextDouble() * 3 * SampleEvents.DAY_MS);
        ReservationEvent e = SampleEvents.reservation(rnd, 10_000_000L + i, 1, time);
        byte[] key = Long.toString(e.getReservation_id()).getBytes(StandardCharsets.UTF_8);
        byte[] event = SampleEvents.binary(e);
        producer.send(new ProducerRecord<>(src, key, event));
        producer.send(new ProducerRecord<>(direct, key, conformed(e).getBytes(StandardCharsets.UTF_8)));
        if (i < WARMUP_ROWS) {
          producer.send(new ProducerRecord<>(warmup, key, event));
        }
      }
    }
    System.out.printf(Locale.ROOT, "produced %d events and %d conformed rows in %.1f s (untimed)%n", n, n,
        (System.nanoTime() - t0) / 1e9);
  }

  /** What the pipeline's SQL step and Spark's to_json make of an event (same keys, same values). */
  static String conformed(ReservationEvent e) {
    return String.format(Locale.ROOT,
        "{\"event_time_ms\":%d,\"market\":\"%s\",\"status\":\"%s\",\"currency\":\"%s\",\"listing_id\":%d,"
            + "\"nights\":%d,\"guests\":%d,\"total_price\":%s}",
        e.getEvent_time_ms(), e.getMarket(), e.getStatus().name(), e.getTotal_price().getCurrency(), e.getListing_id(),
        e.getNights(), e.getGuests(), java.math.BigDecimal.valueOf(e.getTotal_price().getAmount_micros(), 6).toPlainString());
  }

  private static Path writeJob(Path work, String name, String srcTopic, String datasource, String topic, LocalStack stack)
      throws Exception {
    String conf = """
        job { name = %s }
        source = [ {
          name = reservations, type = kafka, topics = [%s], bootstrap_servers = "%s"
          thrift_class = io.tributary.events.ReservationEvent, protocol = binary
          starting_offsets = earliest, max_offsets_per_trigger = 50000
        } ]
        process = [ {
          name = facts, type = sql
          sql = \"\"\"SELECT event_time_ms, market, status, total_price.currency AS currency, listing_id, nights, guests,
                   total_price.amount_micros / 1000000.0 AS total_price FROM reservations\"\"\"
        } ]
        sink = [ {
          name = druid, input = facts, type = druid
          datasource = "%s", timestamp_column = event_time_ms, timestamp_format = millis
          dimensions = [market, status, currency, listing_id]
          metrics = [
            { name = count, type = count }
            { name = nights, type = longSum, field = nights }
            { name = guests, type = longSum, field = guests }
            { name = revenue, type = doubleSum, field = total_price }
          ]
          segment_granularity = DAY, query_granularity = HOUR
          overlord_url = "%s", coordinator_url = "%s"
          intermediate_topic = "%s", bootstrap_servers = "%s", topic_partitions = %d
        } ]
        streaming { checkpoint_dir = "%s" }
        dead_letter { type = path, path = "%s" }
        """.formatted(name, srcTopic, stack.kafka().bootstrapServers(), datasource, stack.druid().overlordUrl(),
        stack.druid().coordinatorUrl(), topic, stack.kafka().bootstrapServers(), PARTITIONS,
        work.resolve("checkpoints").resolve(name), work.resolve("dead-letters").resolve(name));
    Files.createDirectories(work);
    return Files.writeString(work.resolve(name + ".conf"), conf);
  }
}
