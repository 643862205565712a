package io.tributary.driver;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.tributary.schema.ErrorKind;
import io.tributary.sink.SinkResult;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import io.tributary.job.Mode;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.MetricsSystem;
import scala.collection.JavaConverters;
import org.apache.spark.metrics.source.Source;

/**
 * A job's running totals. Registered with Spark's metrics system (as source {@code tributary.<job>}), so they
 * reach whatever sinks the cluster configures (JMX, Prometheus, Graphite) beside Spark's own metrics.
 */
public final class PipelineMetrics implements Source {
  private final String sourceName;
  private final MetricRegistry registry = new MetricRegistry();
  private final Counter recordsIn = registry.counter("records_in");
  private final Counter deadLettered = registry.counter("dead_lettered");
  private final AtomicLong kafkaLag = new AtomicLong();
  private final AtomicLong lastBatchMillis = new AtomicLong();

  public PipelineMetrics(String jobName, Mode mode) {
    this.sourceName = "tributary." + jobName + "." + mode.cliName();
    registry.register("kafka_lag_max", (Gauge<Long>) kafkaLag::get);
    registry.register("last_batch_ms", (Gauge<Long>) lastBatchMillis::get);
  }

  /**
   * Adds this job's metrics to the running Spark application's metrics system, in place of an earlier run's of the
   * same job and mode (Spark refuses a second source of the same name).
   */
  public PipelineMetrics registerWithSpark() {
    if (SparkEnv.get() != null) {
      MetricsSystem metrics = SparkEnv.get().metricsSystem();
      JavaConverters.seqAsJavaList(metrics.getSourcesByName(sourceName)).forEach(metrics::removeSource);
      metrics.registerSource(this);
    }
    return this;
  }

  @Override
  public String sourceName() {
    return sourceName;
  }

  @Override
  public MetricRegistry metricRegistry() {
    return registry;
  }

  void recordIn(long records, Map<ErrorKind, Long> deadLettersByKind) {
    recordsIn.inc(records);
    deadLettersByKind.forEach((kind, n) -> {
      deadLettered.inc(n);
      registry.counter("dead_lettered." + kind.name().toLowerCase(java.util.Locale.ROOT)).inc(n);
    });
  }

  void recordSink(String sink, SinkResult result) {
    registry.counter("sink." + sink + ".written").inc(result.written());
    registry.counter("sink." + sink + ".skipped_stale").inc(result.skippedStale());
  }

  void recordBatch(long millis, long maxLag) {
    lastBatchMillis.set(millis);
    kafkaLag.set(maxLag);
  }

  public long recordsIn() {
    return recordsIn.getCount();
  }

  public long deadLettered() {
    return deadLettered.getCount();
  }

  public long deadLettered(ErrorKind kind) {
    return registry.counter("dead_lettered." + kind.name().toLowerCase(java.util.Locale.ROOT)).getCount();
  }

  public long written(String sink) {
    return registry.counter("sink." + sink + ".written").getCount();
  }

  public long skippedStale(String sink) {
    return registry.counter("sink." + sink + ".skipped_stale").getCount();
  }

  public long kafkaLag() {
    return kafkaLag.get();
  }
}
