package io.tributary.druid;

import io.tributary.job.JobSpec;
import io.tributary.job.OptionSpec;
import io.tributary.job.OptionType;
import io.tributary.job.SinkOptions;
import io.tributary.job.SinkSpec;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code type = druid}: the keys (for validation) and the sink. Registered as a SinkOptionsSpec service. */
public final class DruidSinkProvider implements SinkProvider {

  @Override
  public String type() {
    return "druid";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required("datasource", OptionType.STRING, "Druid datasource"),
        OptionSpec.required("timestamp_column", OptionType.STRING, "row time"),
        OptionSpec.oneOf("timestamp_format", false, "how the time is written (default auto)",
            "auto", "iso", "millis", "posix"),
        OptionSpec.required("dimensions", OptionType.STRING_LIST, "dimension columns"),
        OptionSpec.optional("metrics", OptionType.OBJECT_LIST,
            "{ name, type, field } aggregators; type: " + String.join(", ", Metric.TYPES)),
        OptionSpec.oneOf("segment_granularity", false, "segment size (default DAY)", "HOUR", "DAY", "WEEK", "MONTH"),
        OptionSpec.oneOf("query_granularity", false, "time rollup (default NONE)", "NONE", "MINUTE", "HOUR", "DAY"),
        OptionSpec.optional("rollup", OptionType.BOOLEAN, "roll rows up at ingestion (default true)"),
        OptionSpec.required("overlord_url", OptionType.STRING, "supervisor and task API"),
        OptionSpec.optional("coordinator_url", OptionType.STRING, "load status (default: overlord_url)"),
        OptionSpec.optional("broker_url", OptionType.STRING, "Druid SQL, for status and checks"),
        OptionSpec.required("intermediate_topic", OptionType.STRING, "topic the supervisor reads"),
        OptionSpec.required("bootstrap_servers", OptionType.STRING, "brokers of that topic"),
        OptionSpec.optional("topic_partitions", OptionType.INT, "partitions when the topic is created (default 1)"),
        OptionSpec.optional("kafka_options", OptionType.STRING_MAP, "producer settings"),
        OptionSpec.optional("task_count", OptionType.INT, "supervisor's reading tasks (default 1)"),
        OptionSpec.optional("task_duration", OptionType.DURATION, "how long a reading task runs before handoff (default 1h)"),
        OptionSpec.optional("batch_path", OptionType.STRING,
            "where batch mode writes rows for index_parallel; Druid must read it (default " + DruidSinkConfig.DEFAULT_BATCH_PATH + ")"),
        OptionSpec.optional("task_timeout", OptionType.DURATION, "batch: wait for the task and segment load (default 30m)"));
  }

  @Override
  public List<String> crossCheck(SinkOptions options) {
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> metric : options.objectList("metrics")) {
      try {
        Metric.parse(metric);
      } catch (IllegalArgumentException e) {
        if (!problems.contains(e.getMessage())) {
          problems.add(e.getMessage());
        }
      }
    }
    if (options.stringList("dimensions").contains(options.string("timestamp_column").orElse(""))) {
      problems.add("timestamp_column must not also be a dimension");
    }
    options.integer("topic_partitions").filter(n -> n < 1).ifPresent(n -> problems.add("topic_partitions must be >= 1"));
    options.integer("task_count").filter(n -> n < 1).ifPresent(n -> problems.add("task_count must be >= 1"));
    // Druid's Kafka tasks refresh their late-message window every task_duration in whole minutes, and a task whose
    // duration rounds down to 0 minutes fails at start (Druid 33): nothing would ever be ingested.
    options.duration("task_duration").filter(d -> d.toMinutes() < 1)
        .ifPresent(d -> problems.add("task_duration must be at least 1m (Druid's Kafka tasks fail to start below one"
            + " minute), got " + d.toSeconds() + "s"));
    return problems;
  }

  /** {@link TransactionalTopicWriter} keys its transactions and fences by the Spark partition index. */
  @Override
  public boolean fencesPerSparkPartition() {
    return true;
  }

  @Override
  public Sink create(SinkSpec sink, JobSpec job) {
    return new DruidSink(DruidSinkConfig.from(job.name(), sink.name(), sink.options()), job.mode());
  }
}
