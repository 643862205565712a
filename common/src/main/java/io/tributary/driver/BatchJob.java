package io.tributary.driver;

import io.tributary.deadletter.DeadLetterCounters;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.job.SourceSpec;
import io.tributary.schema.ThriftSchema;
import io.tributary.sink.BatchContext;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch mode: the same graph as streaming, run once over each source's Hive query (a full reindex). Each source
 * is held to its Thrift schema; each sink gets the whole result in one {@link Sink#write} call.
 */
public final class BatchJob {
  private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);

  private final SparkSession spark;
  private final JobSpec job;
  private final Map<String, Sink> sinks;
  private final DeadLetterRouter deadLetters;
  private final PipelineMetrics metrics;
  private final SinkRetry retry;

  public BatchJob(SparkSession spark, JobSpec job, Map<String, Sink> sinks, Path workDir) {
    this.spark = spark;
    this.job = job;
    this.sinks = sinks;
    this.deadLetters = new DeadLetterRouter(job, workDir);
    this.metrics = new PipelineMetrics(job.name(), Mode.BATCH).registerWithSpark();
    this.retry = new SinkRetry(job.retry(), () -> false);
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  /** Runs every sink once; returns each sink's result by name. */
  public Map<String, SinkResult> run() {
    long runId = System.currentTimeMillis();
    SparkSession session = spark.newSession(); // temp views of this run stay out of the caller's session
    for (SourceSpec source : job.sources()) {
      SourceSpec.Hive hive = (SourceSpec.Hive) source;
      LOG.info("{}: reading source {} from Hive: {}", job.name(), hive.name(), hive.query());
      HiveConformer.Conformed conformed = HiveConformer.conform(session.sql(hive.query()),
          ThriftSchema.of(hive.thriftClass()), hive.name(), hive.query());
      metrics.recordIn(0, deadLetters.route(hive.name(), conformed.deadLetters()));
      conformed.events().createOrReplaceTempView(hive.name());
    }
    Map<String, SinkResult> results = new LinkedHashMap<>();
    for (SinkSpec sinkSpec : job.sinks()) {
      Dataset<Row> input = new JobGraph(job, sinkSpec).sinkInput(session);
      long total = input.count();
      metrics.recordIn(total, Map.of());
      LOG.info("{}: writing {} rows to {} ({})", job.name(), total, sinkSpec.name(), sinkSpec.type());
      SinkResult result;
      try (BatchProgress progress = BatchProgress.start(session, job.name() + "/" + sinkSpec.name(), total)) {
        Dataset<Row> tracked = progress.track(input);
        BatchContext context = new BatchContext(job.name(), sinkSpec.name(), Mode.BATCH, runId);
        Sink sink = sinks.get(sinkSpec.name());
        result = retry.write(sinkSpec, context, () -> sink.write(tracked, context));
      }
      metrics.recordSink(sinkSpec.name(), result);
      results.put(sinkSpec.name(), result);
      LOG.info("{}/{}: {} written, {} skipped as stale", job.name(), sinkSpec.name(), result.written(),
          result.skippedStale());
    }
    return results;
  }

  public DeadLetterCounters deadLetterCounters() {
    return deadLetters.counters();
  }
}
