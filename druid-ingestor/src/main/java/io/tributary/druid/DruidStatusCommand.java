package io.tributary.druid;

import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code bin/tributary druid-status JOB_FILE}: one line per druid sink of the job with its supervisor's state and
 * lag. Exit 0 when every supervisor is RUNNING and healthy, 1 otherwise, 2 on bad usage.
 */
public final class DruidStatusCommand {
  private DruidStatusCommand() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length != 1) {
      err.println("usage: druid-status JOB_FILE");
      return 2;
    }
    JobSpec job = JobFile.load(Path.of(args[0]), Mode.STREAMING, Map.of());
    int exit = 0;
    int sinks = 0;
    for (SinkSpec sink : job.sinks()) {
      if (!sink.type().equals("druid")) {
        continue;
      }
      sinks++;
      DruidSinkConfig config = DruidSinkConfig.from(job.name(), sink.name(), sink.options());
      try {
        DruidStatus status = DruidStatus.of(config, new OverlordClient(config.overlordUrl(), config.coordinatorUrl()));
        out.println(job.name() + "/" + sink.name() + ": " + status.line());
        if (!status.healthy() || !status.state().equals("RUNNING")) {
          exit = 1;
        }
      } catch (RuntimeException e) {
        out.println(job.name() + "/" + sink.name() + ": datasource " + config.datasource() + ": " + e.getMessage());
        exit = 1;
      }
    }
    if (sinks == 0) {
      err.println(args[0] + " has no druid sink");
      return 2;
    }
    return exit;
  }
}
