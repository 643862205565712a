package io.tributary.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.sample.SampleEvents;
import io.tributary.testing.ChildJvm;
import io.tributary.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job as users run it, {@code TributaryMain run} in its own JVM, stopped with SIGTERM while it streams: it
 * must finish its micro-batch and exit cleanly, and a restart must write exactly the rest.
 */
@Timeout(420)
class GracefulStopTest {
  private static TestKafka kafka;
  private static Path workDir;
  private static String bootstrap;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = TestKafka.start("sigterm-test");
    workDir = kafka.workDir();
    bootstrap = kafka.bootstrapServers();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Process startJob(Path jobFile, Path log) throws Exception {
    return ChildJvm.of("1g", List.of(), TributaryMain.class.getName(), List.of("run", "--job", jobFile.toString(),
        "--mode", "streaming", "--work-dir", workDir.resolve("job").toString()), log).start();
  }

  private static long outputCount() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition("sigterm-out", 0);
      return consumer.endOffsets(List.of(partition)).getOrDefault(partition, 0L);
    }
  }

  @Test
  void sigtermFinishesTheBatchAndARestartWritesExactlyTheRest() throws Exception {
    List<ListingEvent> events = SampleEvents.stream().seed(11).entities(2000).mutationsPerEntity(1).listings();
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ListingEvent event : events) {
        producer.send(new ProducerRecord<>("sigterm-in", SampleEvents.compact(event)));
      }
    }
    Path jobFile = workDir.resolve("sigterm.conf");
    Files.writeString(jobFile, """
        job { name = sigterm }
        source = [ { name = listings, type = kafka, topics = [sigterm-in], bootstrap_servers = "%s",
                     thrift_class = io.tributary.events.ListingEvent, protocol = compact,
                     starting_offsets = earliest, max_offsets_per_trigger = 250 } ]
        process = [ { name = ids, type = sql, sql = "SELECT listing_id, mutation_id FROM listings" } ]
        sink = [ { name = out, input = ids, type = kafka, topic = sigterm-out, bootstrap_servers = "%s" } ]
        streaming { checkpoint_dir = "%s", trigger_interval = 1s }
        """.formatted(bootstrap, bootstrap, workDir.resolve("checkpoints")));

    Path firstLog = workDir.resolve("first.log");
    Process first = startJob(jobFile, firstLog);
    long deadline = System.currentTimeMillis() + 240_000;
    while (outputCount() < 250 && first.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(first.isAlive(), "job died early:\n" + Files.readString(firstLog));
    first.destroy(); // SIGTERM
    assertTrue(first.waitFor(120, TimeUnit.SECONDS), "job did not stop after SIGTERM");
    String log = Files.readString(firstLog);
    assertEquals(0, first.exitValue(), "exit code after SIGTERM:\n" + log);
    assertTrue(log.contains("finishing the current micro-batch"), log);
    long afterStop = outputCount();
    assertTrue(afterStop < events.size(), "stopped before the end (" + afterStop + " written)");
    assertEquals(0, afterStop % 250, "only whole micro-batches were written: " + afterStop);

    Path secondLog = workDir.resolve("second.log");
    Process second = startJob(jobFile, secondLog);
    deadline = System.currentTimeMillis() + 240_000;
    while (outputCount() < events.size() && second.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(3000); // anything written twice would show up by now
    second.destroy();
    second.waitFor(120, TimeUnit.SECONDS);
    assertEquals(events.size(), outputCount(), "no loss and no repeats across SIGTERM and restart:\n"
        + Files.readString(secondLog));
  }
}
