package io.tributary.druid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Druid JSON Tributary submits, generated from the job file: the Kafka supervisor spec (streaming) and the
 * native {@code index_parallel} task (batch overwrite). Both share one dataSchema, so a reindexed day has the same
 * dimensions, metrics and granularities as the streamed ones.
 */
final class DruidSpecs {
  private DruidSpecs() {}

  static Map<String, Object> dataSchema(DruidSinkConfig c, List<String> intervals) {
    Map<String, Object> granularity = new LinkedHashMap<>();
    granularity.put("type", "uniform");
    granularity.put("segmentGranularity", c.segmentGranularity());
    granularity.put("queryGranularity", c.queryGranularity());
    granularity.put("rollup", c.rollup());
    if (intervals != null) {
      granularity.put("intervals", intervals);
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("dataSource", c.datasource());
    Map<String, Object> timestamp = new LinkedHashMap<>();
    timestamp.put("column", c.timestampColumn());
    timestamp.put("format", c.timestampFormat());
    schema.put("timestampSpec", timestamp);
    schema.put("dimensionsSpec", Map.of("dimensions", c.dimensions()));
    schema.put("metricsSpec", c.metrics().stream().map(Metric::aggregator).toList());
    schema.put("granularitySpec", granularity);
    return schema;
  }

  /**
   * The Kafka supervisor: reads the intermediate topic from the earliest offset, {@code read_committed}, so only
   * rows of committed Tributary transactions are ever counted.
   */
  static Map<String, Object> supervisor(DruidSinkConfig c) {
    Map<String, Object> consumer = new LinkedHashMap<>();
    consumer.put("bootstrap.servers", c.bootstrapServers());
    consumer.put("isolation.level", "read_committed");
    Map<String, Object> io = new LinkedHashMap<>();
    io.put("topic", c.topic());
    io.put("inputFormat", Map.of("type", "json"));
    io.put("consumerProperties", consumer);
    io.put("useEarliestOffset", true);
    io.put("taskCount", c.taskCount());
    io.put("replicas", 1);
    io.put("taskDuration", c.taskDuration().toString());
    io.put("completionTimeout", "PT30M");
    io.put("period", "PT5S");
    Map<String, Object> tuning = new LinkedHashMap<>();
    tuning.put("type", "kafka");
    tuning.put("maxRowsInMemory", 100_000);
    tuning.put("resetOffsetAutomatically", false);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("dataSchema", dataSchema(c, null));
    spec.put("ioConfig", io);
    spec.put("tuningConfig", tuning);
    Map<String, Object> supervisor = new LinkedHashMap<>();
    supervisor.put("type", "kafka");
    supervisor.put("id", c.supervisorId());
    supervisor.put("spec", spec);
    return supervisor;
  }

  /**
   * Native batch that REPLACES exactly {@code intervals}: {@code dropExisting} marks every old segment in them
   * unused (even where the new data has no rows), {@code appendToExisting=false}; segments outside are untouched.
   */
  static Map<String, Object> indexParallel(DruidSinkConfig c, String baseDir, List<String> intervals) {
    Map<String, Object> io = new LinkedHashMap<>();
    io.put("type", "index_parallel");
    io.put("inputSource", Map.of("type", "local", "baseDir", baseDir, "filter", "*.json"));
    io.put("inputFormat", Map.of("type", "json"));
    io.put("appendToExisting", false);
    io.put("dropExisting", true);
    Map<String, Object> tuning = new LinkedHashMap<>();
    tuning.put("type", "index_parallel");
    // one sub-task: the local cluster has few task slots; a real cluster raises it through the job file later
    tuning.put("maxNumConcurrentSubTasks", 1);
    tuning.put("partitionsSpec", Map.of("type", "dynamic"));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("dataSchema", dataSchema(c, intervals));
    spec.put("ioConfig", io);
    spec.put("tuningConfig", tuning);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("type", "index_parallel");
    task.put("spec", spec);
    return task;
  }
}
