package io.tributary.druid;

import io.tributary.driver.StreamingJob;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkProviders;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The streaming driver the kill test runs as a child JVM: {@code <job file> <work dir> [afterSend|afterCommit <batch>]}.
 * With a kill point it prints {@code KILLPOINT ...} when the first partition of that batch reaches it and then
 * blocks, so the test can SIGKILL it there; without one it processes everything available, prints
 * {@code CAUGHT-UP} and exits.
 */
public final class StreamingDriverMain {
  public static void main(String[] args) throws Exception {
    Path jobFile = Path.of(args[0]);
    Path workDir = Path.of(args[1]);
    if (args.length == 4) {
      long killBatch = Long.parseLong(args[3]);
      TransactionalTopicWriter.Hook block = (batchId, partition, rows) -> {
        if (batchId == killBatch) {
          System.out.println("KILLPOINT " + args[2] + " batch " + batchId + " partition " + partition + " rows " + rows);
          System.out.flush();
          try {
            Thread.sleep(600_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
      if (args[2].equals("afterSend")) {
        TransactionalTopicWriter.afterSend = block;
      } else {
        TransactionalTopicWriter.afterCommit = block;
      }
    }
    JobSpec job = JobFile.load(jobFile, Mode.STREAMING, Map.of());
    SparkSession spark = SparkSession.builder().appName("druid-kill-test").master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", workDir.resolve("warehouse").toString())
        .getOrCreate();
    Map<String, Sink> sinks = new LinkedHashMap<>();
    for (SinkSpec spec : job.sinks()) {
      Sink sink = SinkProviders.forType(spec.type()).create(spec, job);
      sink.open(spark);
      sinks.put(spec.name(), sink);
    }
    StreamingJob streaming = new StreamingJob(spark, job, sinks, workDir).start();
    streaming.processAllAvailable();
    System.out.println("CAUGHT-UP");
    System.out.flush();
    streaming.stop();
    spark.stop();
    System.exit(0);
  }
}
