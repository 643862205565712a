package io.tributary.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.tributary.job.JobSpec;
import io.tributary.job.OptionSpec;
import io.tributary.job.OptionType;
import io.tributary.job.SinkSpec;
import io.tributary.job.StringOrSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code type = kafka}: rows as JSON values on a topic, keyed by a column if configured. For debugging and fan-out. */
public final class KafkaSink implements Sink {
  private final String bootstrapServers;
  private final String topic;
  private final Optional<String> keyColumn;
  private final Map<String, StringOrSecret> kafkaOptions;

  KafkaSink(String bootstrapServers, String topic, Optional<String> keyColumn, Map<String, StringOrSecret> kafkaOptions) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.keyColumn = keyColumn;
    this.kafkaOptions = kafkaOptions;
  }

  @Override
  public SinkResult write(Dataset<Row> rows, BatchContext batch) {
    List<Column> columns = new ArrayList<>();
    keyColumn.ifPresent(key -> columns.add(col(key).cast("string").as("key")));
    columns.add(to_json(struct(col("*"))).as("value"));
    Dataset<Row> records = rows.select(columns.toArray(Column[]::new));
    var writer = records.write().format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", topic);
    for (Map.Entry<String, String> option : StringOrSecret.revealAll(kafkaOptions).entrySet()) {
      writer = writer.option("kafka." + option.getKey(), option.getValue());
    }
    writer.save();
    return SinkResult.written(rows.count());
  }

  /** Registered as a {@link io.tributary.job.SinkOptionsSpec} service. */
  public static final class Provider implements SinkProvider {
    @Override
    public String type() {
      return "kafka";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.required("topic", OptionType.STRING, "topic written to"),
          OptionSpec.required("bootstrap_servers", OptionType.STRING, "Kafka brokers, host:port[,host:port]"),
          OptionSpec.optional("key_column", OptionType.STRING, "column used as the record key"),
          OptionSpec.optional("kafka_options", OptionType.STRING_MAP,
              "producer settings passed through, e.g. security.protocol; values may be secrets"));
    }

    @Override
    public Sink create(SinkSpec sink, JobSpec job) {
      return new KafkaSink(sink.options().string("bootstrap_servers").orElseThrow(),
          sink.options().string("topic").orElseThrow(), sink.options().string("key_column"),
          sink.options().stringMap("kafka_options"));
    }
  }
}
