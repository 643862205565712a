package io.tributary.hbase;

import io.tributary.driver.SinkInputSchema;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.JobValidationException;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bin/tributary hbase get JOB_FILE ROW_KEY... [--sink NAME] [--versions N]}: the HBase shell's {@code get},
 * but with every cell decoded the way the job's {@code hbase_update} sink encoded it. Exit 0 on success, 1 on
 * failure, 2 on bad usage.
 */
public final class HBaseGetCommand {
  private static final String USAGE = "usage: hbase get JOB_FILE ROW_KEY... [--sink NAME] [--versions N]";

  private HBaseGetCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 3 || !args[0].equals("get")) {
      err.println(USAGE);
      return 2;
    }
    String sinkName = null;
    int versions = 3;
    List<String> keys = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--sink") && i + 1 < args.length) {
        sinkName = args[++i];
      } else if (args[i].equals("--versions") && i + 1 < args.length) {
        try {
          versions = Integer.parseInt(args[++i]);
        } catch (NumberFormatException e) {
          err.println("--versions: expected a number, got '" + args[i] + "'");
          return 2;
        }
      } else {
        keys.add(args[i]);
      }
    }
    try {
      JobSpec job = JobFile.load(Path.of(args[1]), Mode.STREAMING, Map.of());
      String wanted = sinkName;
      SinkSpec sink = job.sinks().stream()
          .filter(s -> s.type().equals(HBaseSinkSpec.TYPE) && (wanted == null || s.name().equals(wanted)))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(args[1] + ": no " + HBaseSinkSpec.TYPE + " sink"
              + (wanted == null ? "" : " named " + wanted)));
      HBaseSinkConfig config = HBaseSinkConfig.from(sink);
      RowView view = new RowView(config, sinkInputSchema(job, sink));
      try (StateStore store = StateStore.of(config)) {
        for (String key : keys) {
          out.print(view.render(store, key, versions));
        }
      }
      return 0;
    } catch (JobValidationException | RuntimeException e) {
      err.println("hbase get failed: " + e.getMessage());
      return 1;
    }
  }

  /** Only Spark's analyzer is used, to type the sink's columns: the JVM's session, else a one-thread one. */
  private static StructType sinkInputSchema(JobSpec job, SinkSpec sink) {
    boolean own = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = own ? SparkSession.builder().appName("tributary-hbase-get").master("local[1]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate() : SparkSession.getDefaultSession().get();
    try {
      return SinkInputSchema.of(spark, job, sink);
    } finally {
      if (own) {
        spark.stop();
      }
    }
  }
}
