package io.tributary.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.localstack.LocalStack;
import io.tributary.testing.LocalSpark;
import io.tributary.testing.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dead letters on a real Kafka topic: the raw payload as the value, the reason and origin in headers. */
@Timeout(240)
class KafkaDeadLetterSinkTest {

  @Test
  void deadLettersKeepTheRawBytesAndCarryTheReasonInHeaders() throws Exception {
    Path workDir = Files.createTempDirectory("tributary-dl-test");
    LocalStack stack = LocalStack.inWorkDir(workDir);
    try {
      stack.kafka().start();
      String bootstrap = stack.kafka().bootstrapServers();
      byte[] payload = {0, 1, (byte) 0xff, 42};
      var deadLetters = LocalSpark.get().createDataFrame(List.of(RowFactory.create("listings", "listings", 2, 17L,
          new Timestamp(0), "TRUNCATED", "needs 8 more bytes", payload, new Timestamp(1000))), DeadLetters.SCHEMA);
      new KafkaDeadLetterSink(bootstrap, "dead-letters", Map.of()).write(deadLetters);

      Properties props = new Properties();
      props.put("bootstrap.servers", bootstrap);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        TopicPartition partition = new TopicPartition("dead-letters", 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long deadline = System.currentTimeMillis() + 30_000;
        while (records.isEmpty() && System.currentTimeMillis() < deadline) {
          consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
      }
      assertEquals(1, records.size());
      ConsumerRecord<byte[], byte[]> record = records.get(0);
      assertArrayEquals(payload, record.value(), "the original bytes, for a replay once fixed");
      assertEquals("listings/2/17", new String(record.key(), StandardCharsets.UTF_8));
      Map<String, String> headers = new HashMap<>();
      for (Header header : record.headers()) {
        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
      assertEquals("TRUNCATED", headers.get("tributary.error.kind"));
      assertEquals("needs 8 more bytes", headers.get("tributary.error.message"));
      assertEquals("17", headers.get("tributary.source.offset"));
      assertEquals("2", headers.get("tributary.source.partition"));
    } finally {
      stack.clean();
      TempDirs.delete(workDir);
    }
  }
}
