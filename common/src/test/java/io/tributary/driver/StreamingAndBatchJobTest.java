package io.tributary.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.deadletter.DeadLetters;
import io.tributary.decode.DecodedBatch;
import io.tributary.decode.KafkaRecordDecoder;
import io.tributary.events.ListingEvent;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.sample.SampleEvents;
import io.tributary.schema.DecodeLimits;
import io.tributary.schema.ErrorKind;
import io.tributary.schema.WireProtocol;
import io.tributary.testing.LocalSpark;
import io.tributary.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One job file, run against a real Kafka broker in streaming mode and against a Hive table of the same events
 * in batch mode: both must hand the sink the same rows. Then a restart from the checkpoint must pick up exactly
 * where the stopped job left off.
 */
@Timeout(600)
class StreamingAndBatchJobTest {
  private static TestKafka kafka;
  private static Path workDir;
  private static String bootstrap;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = TestKafka.start("driver-test");
    workDir = kafka.workDir();
    bootstrap = kafka.bootstrapServers();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Path writeJob() throws Exception {
    Path file = workDir.resolve("listings-debug.conf");
    Files.writeString(file, """
        job { name = listings-debug }
        source = [
          { name = listings, type = kafka, topics = [listings], bootstrap_servers = "%s",
            thrift_class = io.tributary.events.ListingEvent, protocol = compact, starting_offsets = earliest,
            max_offsets_per_trigger = 700, min_partitions = 3 }
          { name = listings, type = hive, thrift_class = io.tributary.events.ListingEvent,
            query = "SELECT * FROM events.listings WHERE ds = '${ds}'" }
        ]
        process = [
          { name = upserts, type = sql, sql = "SELECT listing_id, mutation_id, title, address.city AS city, size(photos) AS photos FROM listings WHERE operation = 'UPSERT'" }
          { name = by_city, type = sql, sql = "SELECT * FROM upserts WHERE city IS NOT NULL" }
        ]
        sink = [ { name = out, input = by_city, type = kafka, topic = listings-out, bootstrap_servers = "%s", key_column = listing_id } ]
        streaming { checkpoint_dir = "%s" }
        dead_letter { type = path, path = "%s" }
        """.formatted(bootstrap, bootstrap, workDir.resolve("checkpoints"), workDir.resolve("dead-letters")));
    return file;
  }

  private static void produce(List<byte[]> values) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>("listings", value));
      }
    }
  }

  /** Every value on the output topic from {@code fromOffset} on, as strings. */
  private static List<String> outputFrom(long fromOffset) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (KafkaConsumer<byte[], String> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition("listings-out", 0);
      consumer.assign(List.of(partition));
      consumer.seek(partition, fromOffset);
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      List<String> values = new ArrayList<>();
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], String> record : consumer.poll(Duration.ofSeconds(2))) {
          values.add(record.value());
        }
      }
      return values;
    }
  }

  private static long outputEnd() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition("listings-out", 0);
      return consumer.endOffsets(List.of(partition)).getOrDefault(partition, 0L);
    }
  }

  private static StreamingJob runStreaming(SparkSession spark, JobSpec job) throws Exception {
    StreamingJob streaming = new StreamingJob(spark, job, JobRunner.openSinks(spark, job), workDir).start();
    streaming.processAllAvailable();
    streaming.stop();
    return streaming;
  }

  @Test
  void streamingAndBatchAgreeAndARestartResumesWithoutLossOrRepeats() throws Exception {
    SparkSession spark = LocalSpark.get();
    List<ListingEvent> events = SampleEvents.stream().seed(7).entities(300).mutationsPerEntity(4)
        .deleteRate(0.1).duplicateRate(0.05).outOfOrder(true).listings();
    List<byte[]> firstHalf = new ArrayList<>();
    for (ListingEvent event : events.subList(0, events.size() / 2)) {
      firstHalf.add(SampleEvents.compact(event));
    }
    List<byte[]> corrupt = List.of(new byte[] {1, 2, 3}, SampleEvents.binary(events.get(0)), new byte[0]);
    firstHalf.addAll(corrupt);
    produce(firstHalf);

    Path jobFile = writeJob();
    JobSpec streamingJob = JobFile.load(jobFile, Mode.STREAMING, Map.of());

    // Streaming, first half, then a graceful stop.
    StreamingJob first = runStreaming(spark, streamingJob);
    long afterFirstRun = outputEnd();
    assertTrue(afterFirstRun > 0, "the first run wrote output");
    assertEquals(corrupt.size(), first.metrics().deadLettered(), "every corrupt record is dead-lettered");
    assertEquals(firstHalf.size(), first.metrics().recordsIn());

    // More events while stopped; the restart must process exactly those.
    List<byte[]> secondHalf = new ArrayList<>();
    for (ListingEvent event : events.subList(events.size() / 2, events.size())) {
      secondHalf.add(SampleEvents.compact(event));
    }
    produce(secondHalf);
    StreamingJob second = runStreaming(spark, streamingJob);
    assertEquals(secondHalf.size(), second.metrics().recordsIn(), "the restart reads only the new records");
    List<String> streamed = outputFrom(0);
    long expectedRows = events.stream().filter(e -> e.getOperation() == io.tributary.events.Operation.UPSERT
        && e.isSetAddress()).count();
    assertEquals(expectedRows, streamed.size(), "no loss and no repeats across the restart");

    List<Row> deadLetters = spark.read().schema(DeadLetters.SCHEMA).json(workDir.resolve("dead-letters").toString())
        .collectAsList();
    assertEquals(corrupt.size(), deadLetters.size());
    for (Row deadLetter : deadLetters) {
      assertTrue(ErrorKind.valueOf(deadLetter.getString(deadLetter.fieldIndex(DeadLetters.ERROR_KIND))) != null);
    }

    // The same events in a Hive table, as a daily export would hold them.
    DecodedBatch hive = new KafkaRecordDecoder("listings", ListingEvent.class, WireProtocol.COMPACT,
        DecodeLimits.DEFAULT).decode(spark.read().format("kafka").option("kafka.bootstrap.servers", bootstrap)
            .option("subscribe", "listings").option("startingOffsets", "earliest").load());
    spark.sql("CREATE DATABASE IF NOT EXISTS events");
    hive.events().withColumn("ds", org.apache.spark.sql.functions.lit("2026-11-20"))
        .write().mode(SaveMode.Overwrite).partitionBy("ds").saveAsTable("events.listings");
    long beforeBatch = outputEnd();
    JobSpec batchJob = JobFile.load(jobFile, Mode.BATCH, Map.of("ds", "2026-11-20"));
    BatchJob batch = new BatchJob(spark, batchJob, JobRunner.openSinks(spark, batchJob), workDir);
    assertEquals(expectedRows, batch.run().get("out").written());
    List<String> batched = outputFrom(beforeBatch);

    List<String> streamedSorted = new ArrayList<>(streamed);
    List<String> batchedSorted = new ArrayList<>(batched);
    Collections.sort(streamedSorted);
    Collections.sort(batchedSorted);
    assertEquals(streamedSorted, batchedSorted, "streaming and batch hand the sink the same rows");
  }
}
