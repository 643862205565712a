package io.tributary.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tributary.job.Mode;
import io.tributary.testing.LocalSpark;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

class PipelineMetricsTest {

  @Test
  void aJobsStreamingAndBatchRunsAndARerunEachKeepOneSourceInSpark() {
    LocalSpark.get();
    PipelineMetrics streaming = new PipelineMetrics("metrics-test", Mode.STREAMING).registerWithSpark();
    new PipelineMetrics("metrics-test", Mode.BATCH).registerWithSpark();
    PipelineMetrics rerun = new PipelineMetrics("metrics-test", Mode.BATCH).registerWithSpark();

    assertEquals(List.of(streaming), sources("tributary.metrics-test.streaming"));
    List<Source> batch = sources("tributary.metrics-test.batch");
    assertEquals(1, batch.size());
    assertSame(rerun, batch.get(0), "the newest run's figures replace the earlier run's");
  }

  private static List<Source> sources(String name) {
    return JavaConverters.seqAsJavaList(SparkEnv.get().metricsSystem().getSourcesByName(name));
  }
}
