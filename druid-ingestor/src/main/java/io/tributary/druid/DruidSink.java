package io.tributary.druid;

import static org.apache.spark.sql.functions.col;

import io.tributary.job.Mode;
import io.tributary.sink.BatchContext;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type = druid}. Streaming: each micro-batch's conformed rows (time, dimensions, metric inputs) go to the
 * intermediate topic as JSON in batch-fenced Kafka transactions ({@link TransactionalTopicWriter}); a Druid Kafka
 * supervisor, created or updated from the job file at {@link #open}, ingests them {@code read_committed}. Batch:
 * {@link BatchReindexer} replaces the intervals the rows cover.
 */
public final class DruidSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(DruidSink.class);

  private final DruidSinkConfig config;
  private final Mode mode;
  private final OverlordClient druid;

  DruidSink(DruidSinkConfig config, Mode mode) {
    this.config = config;
    this.mode = mode;
    this.druid = new OverlordClient(config.overlordUrl(), config.coordinatorUrl());
  }

  public DruidSinkConfig config() {
    return config;
  }

  /** Streaming: makes sure the topic exists, then creates or updates the supervisor (its id is the datasource). */
  @Override
  public void open(SparkSession spark) {
    if (mode != Mode.STREAMING) {
      return;
    }
    ensureTopic();
    String id = druid.submitSupervisor(DruidSpecs.supervisor(config));
    LOG.info("{}/{}: Druid supervisor {} reads {} into datasource {} (read_committed)", config.jobName(),
        config.sinkName(), id, config.topic(), config.datasource());
  }

  @Override
  public SinkResult write(Dataset<Row> rows, BatchContext batch) {
    Dataset<Row> conformed = rows.select(config.conformedColumns().stream().map(c -> col(c)).toArray(Column[]::new));
    if (batch.mode() == Mode.BATCH) {
      return new BatchReindexer(config, druid).reindex(conformed, batch.batchId());
    }
    TransactionalTopicWriter writer = new TransactionalTopicWriter(config);
    long batchId = batch.batchId();
    // The JSON as Spark's generator wrote it (UTF-8 bytes in its internal rows): going through javaRDD() would
    // decode every row to a Java String only for the producer to encode it again.
    JavaRDD<byte[]> json = conformed.toJSON().queryExecution().toRdd().toJavaRDD()
        .map(row -> row.getUTF8String(0).getBytes());
    List<long[]> perPartition = json.mapPartitionsWithIndex(
        (partition, it) -> Collections.singletonList(writer.write(partition, batchId, it)).iterator(), false)
        .collect();
    long written = perPartition.stream().mapToLong(c -> c[0]).sum();
    long skipped = perPartition.stream().mapToLong(c -> c[1]).sum();
    if (skipped > 0) {
      LOG.info("{}/{}: batch {} was a replay: {} rows already committed, {} written", config.jobName(),
          config.sinkName(), batchId, skipped, written);
    }
    return new SinkResult(written, skipped);
  }

  /** Supervisor state and lag, for {@code bin/tributary druid status}. */
  public DruidStatus status() {
    return DruidStatus.of(config, druid);
  }

  @Override
  public void close() {
    TransactionalTopicWriter.closeAll(config);
  }

  private void ensureTopic() {
    Properties p = new Properties();
    p.putAll(config.producerOptions());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Set<String> topics = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      if (!topics.contains(config.topic())) {
        admin.createTopics(List.of(new NewTopic(config.topic(), config.topicPartitions(), (short) -1)))
            .all().get(60, TimeUnit.SECONDS);
        LOG.info("created Druid ingest topic {} ({} partitions)", config.topic(), config.topicPartitions());
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("druid sink " + config.sinkName() + ": cannot create topic " + config.topic()
            + " on " + config.bootstrapServers() + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("druid sink " + config.sinkName() + ": Kafka " + config.bootstrapServers()
          + " did not answer listing topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static Map<String, Object> supervisorSpec(DruidSinkConfig config) {
    return DruidSpecs.supervisor(config);
  }
}
