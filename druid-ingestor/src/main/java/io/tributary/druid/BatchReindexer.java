package io.tributary.druid;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.unix_millis;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.sink.SinkResult;
import io.tributary.sink.SinkWriteException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch mode: writes the conformed rows as JSON lines under {@code batch_path/<datasource>/<run>}, then a native
 * {@code index_parallel} task replaces exactly the intervals those rows fall in ({@code dropExisting}); waits for
 * the task and for the coordinator to report the datasource loaded.
 */
final class BatchReindexer {
  private static final Logger LOG = LoggerFactory.getLogger(BatchReindexer.class);

  private final DruidSinkConfig config;
  private final OverlordClient druid;

  BatchReindexer(DruidSinkConfig config, OverlordClient druid) {
    this.config = config;
    this.druid = druid;
  }

  SinkResult reindex(Dataset<Row> conformed, long runId) {
    Dataset<Row> rows = conformed.cache();
    try {
      List<Long> hours = rows.select(floor(unix_millis(eventTime()).divide(3_600_000L)).as("h")).distinct()
          .collectAsList().stream().map(r -> r.getLong(0)).toList();
      if (hours.isEmpty()) {
        LOG.warn("{}/{}: no rows for datasource {}; nothing reindexed", config.jobName(), config.sinkName(),
            config.datasource());
        return SinkResult.written(0);
      }
      List<String> intervals = ReindexIntervals.of(hours, config.segmentGranularity());
      String dir = config.batchPath().startsWith("hdfs:") ? config.batchPath() + "/" + config.datasource() + "/" + runId
          : Path.of(config.batchPath(), config.datasource(), Long.toString(runId)).toAbsolutePath().toString();
      rows.write().mode(SaveMode.Overwrite).json(dir);
      long written = rows.count();
      // A running Kafka task of the job's supervisor locks the intervals it appends to until it publishes
      // (task_duration), and the replace would wait for it. Handing off first puts those rows in published
      // segments, which this replace supersedes like any other; rows streamed later append on top of it.
      if (druid.handoffEarly(config.supervisorId(), config.taskCount())) {
        LOG.info("{}/{}: supervisor {} asked to hand off its tasks before the replace", config.jobName(),
            config.sinkName(), config.supervisorId());
      }
      String taskId = druid.submitTask(DruidSpecs.indexParallel(config, dir, intervals));
      LOG.info("{}/{}: {} rows in {}; index_parallel {} replaces {} of datasource {}", config.jobName(),
          config.sinkName(), written, dir, taskId, intervals, config.datasource());
      JsonNode status = druid.awaitTask(taskId, config.taskTimeout());
      if (!"SUCCESS".equals(status.path("statusCode").asText(status.path("status").asText()))) {
        throw new SinkWriteException("druid", "datasource " + config.datasource(), "task " + taskId + " over " + intervals,
            "index_parallel failed: " + status.path("errorMsg").asText(status.toString()), null);
      }
      druid.awaitLoaded(config.datasource(), config.taskTimeout());
      JsonNode stats = druid.taskRowStats(taskId);
      long processed = stats.path("processed").asLong(written);
      long bad = stats.path("unparseable").asLong(0) + stats.path("processedWithError").asLong(0)
          + stats.path("thrownAway").asLong(0);
      LOG.info("{}/{}: datasource {} intervals {} replaced: {} rows ingested, {} rejected, segments loaded",
          config.jobName(), config.sinkName(), config.datasource(), intervals, processed, bad);
      return new SinkResult(processed, 0);
    } finally {
      rows.unpersist();
    }
  }

  private Column eventTime() {
    Column t = col(config.timestampColumn());
    return switch (config.timestampFormat()) {
      case "millis" -> timestamp_millis(t.cast("long"));
      case "posix" -> timestamp_seconds(t.cast("long"));
      default -> to_timestamp(t);
    };
  }
}
