package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.decode.DecodedBatch;
import io.tributary.decode.KafkaRecordDecoder;
import io.tributary.driver.StreamingJob;
import io.tributary.events.ListingEvent;
import io.tributary.job.JobSpec;
import io.tributary.job.JobValidator;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.job.SinkSpecRegistry;
import io.tributary.job.ValidationResult;
import io.tributary.localstack.LocalStack;
import io.tributary.sample.SampleEvents;
import io.tributary.schema.DecodeLimits;
import io.tributary.schema.WireProtocol;
import io.tributary.sink.BatchContext;
import io.tributary.sink.Sink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * job-configs/listings-hbase.conf end to end: Thrift ListingEvents on a real Kafka streamed by the driver
 * ({@link StreamingJob}) into a real HBase through Puts, then a reindex in batch mode (the job's own SQL over the
 * same events, as the Hive source would give them) bulk-loaded into the same table. Checked cell by cell.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ListingsPipelineTest {
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = TestHBase.startHBase("hbase-pipeline");
    stack.kafka().start();
  }

  @AfterAll
  static void stop() {
    HBaseClients.closeAll();
    if (stack != null) {
      stack.clean();
    }
  }

  @Test
  void kafkaStreamAndReindexMergeInOneTable(@TempDir Path dir) throws Exception {
    Path jobFile = jobFile(dir);
    SinkSpecRegistry registry = SinkSpecRegistry.load();
    JobSpec streaming = spec(registry, jobFile, Mode.STREAMING);
    JobSpec batch = spec(registry, jobFile, Mode.BATCH);
    SinkSpec sinkSpec = streaming.sink("hbase").orElseThrow();
    HBaseSink.Provider provider = (HBaseSink.Provider) registry.find("hbase_update").orElseThrow();
    SparkSession spark = TestHBase.spark();

    Random rnd = new Random(11);
    long t = SampleEvents.DEFAULT_START_MS;
    Map<Long, ListingEvent> expected = new HashMap<>();
    List<ListingEvent> stream = new ArrayList<>();
    for (long id = 1; id <= 60; id++) {
      ListingEvent e = SampleEvents.listing(rnd, id, 100 + id, t + id);
      stream.add(e);
      expected.put(id, e);
    }
    for (long id = 51; id <= 60; id++) {
      stream.add(SampleEvents.listingDelete(id, 500, t + 500));
      expected.remove(id);
    }
    stream.add(SampleEvents.listing(rnd, 55, 300, t + 300)); // late, older than the delete: stays deleted
    produce(stream);

    Sink sink = provider.create(sinkSpec, streaming);
    sink.open(spark);
    StreamingJob job = new StreamingJob(spark, streaming, Map.of("hbase", sink), dir.resolve("work")).start();
    try {
      job.processAllAvailable();
    } finally {
      job.stop();
    }

    // the reindex: older versions of 31..60 (hidden by the stream's newer ones and deletes), new rows 61..80
    List<ListingEvent> hive = new ArrayList<>();
    for (long id = 31; id <= 80; id++) {
      ListingEvent e = SampleEvents.listing(rnd, id, 50, t);
      hive.add(e);
      if (id > 60) {
        expected.put(id, e);
      }
    }
    Sink bulk = provider.create(batch.sink("hbase").orElseThrow(), batch);
    decode(spark, hive).events().createOrReplaceTempView("listings");
    Dataset<Row> hiveRows = spark.sql(batch.step("listing_rows").orElseThrow().sql());
    bulk.write(hiveRows, new BatchContext(batch.name(), "hbase", Mode.BATCH, System.currentTimeMillis()));

    HBaseSinkConfig config = ((HBaseSink) sink).config();
    try (StateStore store = StateStore.of(config)) {
      List<byte[]> keys = new ArrayList<>();
      for (long id = 1; id <= 80; id++) {
        keys.add(Long.toString(id).getBytes(StandardCharsets.UTF_8));
      }
      List<StateStore.StoredRow> rows = store.multiGet(keys);
      for (int i = 0; i < rows.size(); i++) {
        long id = i + 1;
        StateStore.StoredRow row = rows.get(i);
        ListingEvent e = expected.get(id);
        if (e == null) {
          assertTrue(row.isEmpty(), "listing " + id + " was deleted: " + row.columns().keySet());
          continue;
        }
        String where = "listing " + id;
        long version = e.getMutation_id();
        assertEquals(e.getTitle(), row.latest("title").orElseThrow().asString(), where);
        assertEquals(version, row.latest("title").orElseThrow().version(), where);
        assertEquals(e.getHost_id(), row.latest("host_id").orElseThrow().asLong(), where);
        assertEquals(e.getMarket(), row.latest("market").orElseThrow().asString(), where);
        assertEquals(e.getMax_guests(), Bytes.toInt(row.latest("max_guests").orElseThrow().value()), where);
        assertEquals(e.getBedrooms(), Bytes.toShort(row.latest("bedrooms").orElseThrow().value()), where);
        assertTrue(row.latest("nightly_prices").orElseThrow().asString().startsWith("{"), where);
        assertTrue(row.latest("photos").orElseThrow().asString().startsWith("[{"), where);
        assertEquals(7, row.columns().size(), where + ": " + row.columns().keySet());
        for (List<StateStore.Versioned> versions : row.columns().values()) {
          assertEquals(version, versions.get(0).version(), where + ": every cell at the mutation id");
        }
      }
      assertEquals(Optional.empty(), store.valueAsOf(keys.get(0), "title", 100));
    }

    // bin/tributary hbase get: listing 31's streamed cell over its older bulk-loaded one; 55 deleted
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = HBaseGetCommand.run(new String[] {"get", jobFile.toString(), "31", "55"}, new PrintStream(out, true),
        new PrintStream(err, true));
    assertEquals(0, exit, err.toString());
    String shown = out.toString();
    ListingEvent streamed31 = stream.get(30);
    assertTrue(shown.contains("title           @131      " + streamed31.getTitle() + "\n"), shown);
    assertTrue(shown.contains("@50 "), "the bulk-loaded version 50 kept below: " + shown);
    assertTrue(shown.contains("host_id         @131      " + streamed31.getHost_id() + "\n"), shown);
    assertTrue(shown.contains("row 55\n  (no cells"), shown);
  }

  private static Path jobFile(Path dir) throws Exception {
    Path original = Path.of(System.getProperty("basedir", ".")).resolve("../job-configs/listings-hbase.conf");
    String jobText = Files.readString(original);
    assertTrue(jobText.contains("bulk_upload = true"), "the job file bulk-loads its reindex");
    String conf = jobText
        .replace("127.0.0.1:9092", stack.kafka().bootstrapServers())
        .replace("127.0.0.1:2181", stack.hbase().zookeeperQuorum())
        .replace("tributary:listings", "tributary:listings_pipeline")
        .replace("work/checkpoints/listings-hbase", dir.resolve("checkpoints").toString())
        .replace("work/dead-letters/listings-hbase", dir.resolve("dead-letters").toString())
        .replace("bulk_upload = true",
            "bulk_upload = true\n    staging_dir = \"" + dir.resolve("staging").toUri() + "\"");
    Path file = dir.resolve("listings-hbase.conf");
    Files.writeString(file, conf);
    return file;
  }

  private static JobSpec spec(SinkSpecRegistry registry, Path file, Mode mode) {
    ValidationResult result = new JobValidator(registry).validate(file, mode, Map.of("ds", "2026-11-20"));
    assertEquals(List.of(), result.errors().stream().map(Object::toString).toList());
    return result.spec().orElseThrow();
  }

  private static void produce(List<ListingEvent> events) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ListingEvent e : events) {
        producer.send(new ProducerRecord<>("listings", SampleEvents.compact(e)));
      }
      producer.flush();
    }
  }

  /** The events as the decoder sees Kafka records (same bytes, same decoder as the stream). */
  private static DecodedBatch decode(SparkSession spark, List<ListingEvent> events) {
    StructType kafka = new StructType().add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
        .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType)
        .add("timestamp", DataTypes.TimestampType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      rows.add(RowFactory.create(SampleEvents.compact(events.get(i)), "hive", 0, (long) i, new Timestamp(0)));
    }
    return new KafkaRecordDecoder("listings", ListingEvent.class, WireProtocol.COMPACT, DecodeLimits.DEFAULT)
        .decode(spark.createDataFrame(rows, kafka));
  }
}
