package io.tributary.driver;

import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkProviders;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Runs a validated job in its mode: builds the sinks once, then streams until stopped or runs the batch once. */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private JobRunner() {}

  /** Creates and opens every sink of the job. */
  public static Map<String, Sink> openSinks(SparkSession spark, JobSpec job) {
    Map<String, Sink> sinks = new LinkedHashMap<>();
    for (SinkSpec spec : job.sinks()) {
      Sink sink = SinkProviders.forType(spec.type()).create(spec, job);
      sink.open(spark);
      sinks.put(spec.name(), sink);
    }
    return sinks;
  }

  /** Runs the job in the calling thread; in streaming mode until SIGTERM/SIGINT, which finishes the current micro-batch. */
  public static void run(JobSpec job, Map<String, String> sparkConf, Path workDir) throws Exception {
    SparkSession spark = LocalSpark.session(job.name(), workDir, sparkConf);
    Map<String, Sink> sinks = openSinks(spark, job);
    if (job.mode() == Mode.BATCH) {
      try {
        new BatchJob(spark, job, sinks, workDir).run();
      } finally {
        sinks.values().forEach(Sink::close);
        spark.stop();
      }
      return;
    }
    StreamingJob streaming = new StreamingJob(spark, job, sinks, workDir).start();
    // Our own handler, not a shutdown hook: Spark's hooks would stop the context mid-batch.
    Runnable gracefulStop = () -> {
      LOG.info("{}: stop requested; finishing the current micro-batch", job.name());
      streaming.stop();
    };
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> new Thread(gracefulStop, "tributary-stop").start());
    }
    try {
      streaming.awaitTermination();
    } finally {
      sinks.values().forEach(Sink::close);
      spark.stop();
    }
    LOG.info("{}: stopped", job.name());
  }
}
