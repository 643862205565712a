package io.tributary.demo;

import io.tributary.decode.DecodedBatch;
import io.tributary.decode.KafkaRecordDecoder;
import io.tributary.driver.BatchJob;
import io.tributary.driver.JobRunner;
import io.tributary.driver.LocalSpark;
import io.tributary.driver.StreamingJob;
import io.tributary.events.ListingEvent;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.localstack.LocalStack;
import io.tributary.sample.SampleEvents;
import io.tributary.schema.DecodeLimits;
import io.tributary.schema.WireProtocol;
import io.tributary.sink.SinkResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code bin/tributary demo}: starts a real Kafka broker on loopback, publishes realistic listing events (updates,
 * out-of-order and duplicate mutations, deletes, a few corrupt records), runs job-configs/demo-listings.conf in
 * streaming mode until caught up, then runs the same job file in batch mode over a Hive table of the same day, and
 * prints what each did. The Elasticsearch, HBase and Druid pipelines join this demo as their sinks land.
 */
public final class Demo {
  private static final int LISTINGS = 2_000;

  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path workDir = Path.of(System.getProperty("tributary.work.dir", "work")).toAbsolutePath().resolve("demo");
    boolean keepRunning = List.of(args).contains("--keep-running");
    Path jobFile = Path.of(System.getProperty("tributary.home", ".")).resolve("job-configs/demo-listings.conf");
    LocalStack stack = LocalStack.inWorkDir(workDir.resolve("stack"));
    try {
      step("starting Kafka (KRaft) on 127.0.0.1:9092, fresh, in " + workDir);
      stack.clean(); // each demo starts from empty topics and checkpoints
      deleteRecursively(workDir.resolve("checkpoints"));
      stack.kafka().withBrokerPort(9092).start();
      String bootstrap = stack.kafka().bootstrapServers();

      List<ListingEvent> events = SampleEvents.stream().seed(2017).entities(LISTINGS).mutationsPerEntity(5)
          .deleteRate(0.05).duplicateRate(0.05).outOfOrder(true).listings();
      List<byte[]> records = new ArrayList<>(SampleEvents.serializeAll(events, true));
      records.add(new byte[] {0x15, 0x02}); // a two-byte fragment
      records.add(SampleEvents.binary(events.get(0))); // wrong protocol
      records.add(new byte[0]); // empty payload
      step("publishing " + records.size() + " listing events (5 mutations per listing, ~5% duplicates, ~5% deletes, "
          + "out of order, 3 corrupt) to demo.listings");
      produce(bootstrap, records);

      SparkSession spark = LocalSpark.session("demo", workDir, Map.of("spark.sql.shuffle.partitions", "2"));
      JobSpec streamingSpec = JobFile.load(jobFile, Mode.STREAMING, Map.of());
      step("streaming " + jobFile.getFileName() + " until caught up");
      long start = System.nanoTime();
      StreamingJob streaming = new StreamingJob(spark, streamingSpec, JobRunner.openSinks(spark, streamingSpec), workDir)
          .start();
      streaming.processAllAvailable();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("  records in: %d, dead-lettered: %d %s, rows written: %d, %.0f records/s end to end%n",
          streaming.metrics().recordsIn(), streaming.metrics().deadLettered(),
          streaming.deadLetterCounters().snapshot(), streaming.metrics().written("view"),
          streaming.metrics().recordsIn() / seconds);

      step("writing the same events to the Hive table demo.listings (ds=2026-11-20) and running the batch reindex");
      spark.sql("CREATE DATABASE IF NOT EXISTS demo");
      spark.read().format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", "demo.listing-view")
          .load().selectExpr("CAST(value AS STRING) AS json").limit(3).show(false);
      try (DecodedBatch decoded = new KafkaRecordDecoder("listings", ListingEvent.class, WireProtocol.COMPACT,
          DecodeLimits.DEFAULT).decode(spark.read().format("kafka").option("kafka.bootstrap.servers", bootstrap)
              .option("subscribe", "demo.listings").load())) {
        decoded.events().withColumn("ds", functions.lit("2026-11-20"))
            .write().mode(SaveMode.Overwrite).partitionBy("ds").saveAsTable("demo.listings");
      }
      JobSpec batchSpec = JobFile.load(jobFile, Mode.BATCH, Map.of("ds", "2026-11-20"));
      start = System.nanoTime();
      Map<String, SinkResult> results = new BatchJob(spark, batchSpec, JobRunner.openSinks(spark, batchSpec), workDir).run();
      System.out.printf("  batch: %d rows written in %.1f s%n", results.get("view").written(),
          (System.nanoTime() - start) / 1e9);

      if (keepRunning) {
        System.out.println("streaming keeps running; Kafka at " + bootstrap + "; Ctrl-C to stop");
        streaming.awaitTermination();
      }
      streaming.stop();
      spark.stop();
      stack.stopAll();
      System.out.println("demo: ok (" + streaming.metrics().recordsIn() + " records streamed, "
          + streaming.metrics().deadLettered() + " dead-lettered, " + results.get("view").written() + " rows reindexed)");
    } catch (Exception | Error e) {
      stack.stopAll();
      throw e;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void step(String what) {
    System.out.println("==> " + what);
  }

  private static void produce(String bootstrap, List<byte[]> values) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("linger.ms", "20");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>("demo.listings", value));
      }
    }
  }
}
