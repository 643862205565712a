package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * What one timed write cost besides its wall clock, for a machine shared with other work: CPU seconds of this JVM
 * (Spark, the HBase client, the raw loop) and of the HBase server ({@link CpuMeter}; 0 if this JVM did not start
 * it), and the Spark stages it ran (wall, task CPU).
 */
final class WhereTimeGoes {
  private final SparkSession spark;
  private final List<String> stages = new ArrayList<>();

  WhereTimeGoes(SparkSession spark) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo stage = completed.stageInfo();
        long wall = (Long) stage.completionTime().get() - (Long) stage.submissionTime().get();
        synchronized (stages) {
          stages.add(String.format(Locale.ROOT, "%s %d ms (task cpu %d ms)", stage.name().replaceAll(" at .*", ""),
              wall, stage.taskMetrics().executorCpuTime() / 1_000_000));
        }
      }
    });
  }

  /** One write's cost. */
  record Cost(double wallSeconds, double jvmCpuSeconds, double hbaseCpuSeconds, List<String> stages) {
    double cpuSeconds() {
      return jvmCpuSeconds + hbaseCpuSeconds;
    }

    String describe() {
      return String.format(Locale.ROOT, "cpu %.2f s (this JVM %.2f s, HBase server %.2f s)%s", cpuSeconds(),
          jvmCpuSeconds, hbaseCpuSeconds, stages.isEmpty() ? "" : "; spark stages: " + String.join(", ", stages));
    }
  }

  Cost measure(Runnable write) {
    synchronized (stages) {
      stages.clear();
    }
    CpuMeter cpu = CpuMeter.start();
    long t0 = System.nanoTime();
    write.run();
    long wall = System.nanoTime() - t0;
    Map<String, Double> used = cpu.elapsed();
    try {
      // stage events reach listeners asynchronously; the stages of this write are all posted by now
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (TimeoutException e) {
      // report the stages seen so far
    }
    List<String> ran;
    synchronized (stages) {
      ran = List.copyOf(stages);
    }
    return new Cost(wall / 1e9, used.getOrDefault(CpuMeter.THIS_JVM, 0.0), used.getOrDefault("hbase", 0.0), ran);
  }
}
