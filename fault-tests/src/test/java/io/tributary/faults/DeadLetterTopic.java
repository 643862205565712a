package io.tributary.faults;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead letters a job wrote to its Kafka topic ({@code KafkaDeadLetterSink}): key "topic/partition/offset" of the
 * refused record, the reason in headers.
 */
final class DeadLetterTopic {
  /** One dead letter: where the refused record was, why. */
  record Letter(String position, String kind, String message) {}

  private final Map<String, Letter> byPosition = new HashMap<>();
  private final int records;

  DeadLetterTopic(Topics topics, String topic) {
    List<ConsumerRecord<byte[], byte[]>> all = topics.readAll(topic);
    for (ConsumerRecord<byte[], byte[]> r : all) {
      String position = new String(r.key(), StandardCharsets.UTF_8);
      byPosition.put(position, new Letter(position, header(r, "tributary.error.kind"),
          header(r, "tributary.error.message")));
    }
    this.records = all.size();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  int records() {
    return records;
  }

  /** Dead letters for the same source record more than once. */
  int repeated() {
    return records - byPosition.size();
  }

  Letter at(String position) {
    return byPosition.get(position);
  }

  Map<String, Integer> countByKind() {
    Map<String, Integer> out = new TreeMap<>();
    byPosition.values().forEach(l -> out.merge(l.kind(), 1, Integer::sum));
    return out;
  }
}
