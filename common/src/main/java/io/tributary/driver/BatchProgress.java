package io.tributary.driver;

import static org.apache.spark.sql.functions.callUDF;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console progress of a batch write: rows done of the total, rate and ETA, every few seconds. Rows are counted by
 * an accumulator that Spark merges as tasks finish, so progress moves in task-sized steps.
 */
final class BatchProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchProgress.class);

  private final String label;
  private final long total;
  private final LongAccumulator done;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private final String udfName;

  private BatchProgress(SparkSession session, String label, long total) {
    this.label = label;
    this.total = total;
    this.done = session.sparkContext().longAccumulator("tributary.progress." + label);
    this.udfName = "tributary_progress_" + Math.abs(label.hashCode());
    LongAccumulator counter = done;
    UserDefinedFunction countRow = functions.udf(() -> {
      counter.add(1);
      return true;
    }, DataTypes.BooleanType).asNondeterministic();
    session.udf().register(udfName, countRow);
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tributary-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::report, 5, 5, TimeUnit.SECONDS);
  }

  static BatchProgress start(SparkSession session, String label, long total) {
    return new BatchProgress(session, label, total);
  }

  /** The same rows, counted as they pass. */
  Dataset<Row> track(Dataset<Row> rows) {
    return rows.where(callUDF(udfName));
  }

  private void report() {
    long rows = done.value();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = rows / Math.max(seconds, 1e-3);
    String eta = rate > 0 && rows < total ? format(Duration.ofSeconds((long) ((total - rows) / rate))) : "-";
    LOG.info("{}: {}/{} rows ({}%), {} rows/s, ETA {}", label, rows, total,
        total == 0 ? 100 : rows * 100 / total, (long) rate, eta);
  }

  private static String format(Duration d) {
    return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    report();
  }
}
