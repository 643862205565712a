package io.tributary.deadletter;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Dead letters to a Kafka topic, in the convention of Kafka Connect's dead-letter queues: the value is
 * the original payload (so the record can be replayed once fixed), the reason travels in headers.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {
  private final String bootstrapServers;
  private final String topic;
  private final Map<String, String> kafkaOptions;

  /**
   * @param kafkaOptions extra producer settings (security etc.), passed as {@code kafka.<key>} options;
   *     values may be secrets and are never logged
   */
  public KafkaDeadLetterSink(String bootstrapServers, String topic, Map<String, String> kafkaOptions) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.kafkaOptions = Map.copyOf(kafkaOptions);
  }

  private static Column header(String name, Column value) {
    return struct(lit(name).as("key"), value.cast("binary").as("value"));
  }

  @Override
  public void write(Dataset<Row> deadLetters) {
    Dataset<Row> records = deadLetters.select(
        concat_ws("/", col(DeadLetters.TOPIC), col(DeadLetters.PARTITION), col(DeadLetters.OFFSET)).cast("binary").as("key"),
        col(DeadLetters.PAYLOAD).as("value"),
        array(
            header("tributary.error.kind", col(DeadLetters.ERROR_KIND)),
            header("tributary.error.message", col(DeadLetters.ERROR_MESSAGE)),
            header("tributary.source", col(DeadLetters.SOURCE)),
            header("tributary.source.topic", col(DeadLetters.TOPIC)),
            header("tributary.source.partition", col(DeadLetters.PARTITION).cast("string")),
            header("tributary.source.offset", col(DeadLetters.OFFSET).cast("string")),
            header("tributary.failed_at", col(DeadLetters.FAILED_AT).cast("string"))).as("headers"));
    var writer = records.write().format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", topic);
    for (Map.Entry<String, String> option : kafkaOptions.entrySet()) {
      writer = writer.option("kafka." + option.getKey(), option.getValue());
    }
    writer.save();
  }

  @Override
  public String describe() {
    return "kafka topic " + topic + " at " + bootstrapServers;
  }
}
