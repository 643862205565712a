package io.tributary.druid;

import io.tributary.job.SinkOptions;
import io.tributary.job.StringOrSecret;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A druid sink's settings, read once from the job file's (validated) options. Serializable: executors use it. */
public record DruidSinkConfig(
    String jobName,
    String sinkName,
    String datasource,
    String timestampColumn,
    String timestampFormat,
    List<String> dimensions,
    List<Metric> metrics,
    String segmentGranularity,
    String queryGranularity,
    boolean rollup,
    String overlordUrl,
    String coordinatorUrl,
    String brokerUrl,
    String topic,
    String bootstrapServers,
    int topicPartitions,
    Map<String, String> producerOptions,
    int taskCount,
    Duration taskDuration,
    String batchPath,
    Duration taskTimeout) implements Serializable {

  static final String DEFAULT_BATCH_PATH = "/tmp/tributary/druid-batch";

  static DruidSinkConfig from(String jobName, String sinkName, SinkOptions o) {
    String overlord = trimSlash(o.string("overlord_url").orElseThrow());
    return new DruidSinkConfig(
        jobName,
        sinkName,
        o.string("datasource").orElseThrow(),
        o.string("timestamp_column").orElseThrow(),
        o.string("timestamp_format").orElse("auto"),
        o.stringList("dimensions"),
        o.objectList("metrics").stream().map(Metric::parse).toList(),
        o.string("segment_granularity").orElse("DAY"),
        o.string("query_granularity").orElse("NONE"),
        o.bool("rollup").orElse(true),
        overlord,
        o.string("coordinator_url").map(DruidSinkConfig::trimSlash).orElse(overlord),
        o.string("broker_url").map(DruidSinkConfig::trimSlash).orElse(null),
        o.string("intermediate_topic").orElseThrow(),
        o.string("bootstrap_servers").orElseThrow(),
        o.integer("topic_partitions").orElse(1),
        // resolved here, on the driver: executors get plain values (never logged; see toString)
        resolve(o.stringMap("kafka_options")),
        o.integer("task_count").orElse(1),
        o.duration("task_duration").orElse(Duration.ofHours(1)),
        o.string("batch_path").orElse(DEFAULT_BATCH_PATH),
        o.duration("task_timeout").orElse(Duration.ofMinutes(30)));
  }

  private static Map<String, String> resolve(Map<String, StringOrSecret> options) {
    java.util.LinkedHashMap<String, String> plain = new java.util.LinkedHashMap<>();
    options.forEach((k, v) -> plain.put(k, v.resolve().reveal()));
    return Map.copyOf(plain);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The columns a conformed row carries: time, dimensions, then each metric's input field once. */
  List<String> conformedColumns() {
    Set<String> columns = new LinkedHashSet<>();
    columns.add(timestampColumn);
    columns.addAll(dimensions);
    metrics.forEach(m -> m.field().ifPresent(columns::add));
    return List.copyOf(columns);
  }

  /** Supervisor id = datasource: Druid allows one Kafka supervisor per datasource. */
  String supervisorId() {
    return datasource;
  }

  /** Stable per (job, sink, partition): a restarted driver fences the transactions its predecessor left open. */
  String transactionalId(int partition) {
    return "tributary." + jobName + "." + sinkName + ".p" + partition;
  }

  /** Where the last committed batch id of each partition lives (committed inside the same transaction). */
  String fenceGroup(int partition) {
    return "tributary.fence." + jobName + "." + sinkName + ".p" + partition;
  }

  @Override
  public String toString() {
    // producer options may hold credentials: only their keys are shown
    return "DruidSinkConfig[" + jobName + "/" + sinkName + " -> datasource " + datasource + " via topic " + topic
        + " @ " + bootstrapServers + ", overlord " + overlordUrl + ", producer options " + producerOptions.keySet() + "]";
  }
}
