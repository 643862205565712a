package io.tributary.es;

import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.JobValidationException;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code bin/tributary es rollback|status JOB_FILE [--sink NAME]}: acts on the alias of a job's elasticsearch
 * sink. Exit 0 on success, 1 on failure, 2 on bad usage.
 */
public final class EsAdmin {
  private EsAdmin() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2 || !(args[0].equals("rollback") || args[0].equals("status"))) {
      err.println("usage: es rollback|status JOB_FILE [--sink NAME]");
      return 2;
    }
    String sinkName = args.length >= 4 && args[2].equals("--sink") ? args[3] : null;
    try {
      JobSpec job = JobFile.load(Path.of(args[1]), Mode.STREAMING, Map.of());
      SinkSpec sink = job.sinks().stream()
          .filter(s -> s.type().equals(EsSinkProvider.TYPE) && (sinkName == null || s.name().equals(sinkName)))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(args[1] + ": no elasticsearch sink"
              + (sinkName == null ? "" : " named " + sinkName)));
      EsSettings settings = EsSettings.from(sink.options());
      try (EsIndexManager manager = new EsIndexManager(settings)) {
        if (args[0].equals("rollback")) {
          String from = manager.liveIndex().orElse("(none)");
          String to = manager.rollback();
          out.printf("%s: alias %s rolled back from %s to %s%n", job.name(), settings.alias(), from, to);
        } else {
          out.printf("%s: alias %s -> %s; building: %s; kept: %s%n", job.name(), settings.alias(),
              manager.liveIndex().orElse("(none)"), manager.buildingIndex().orElse("(none)"), manager.managedIndexes());
        }
      }
      return 0;
    } catch (JobValidationException | RuntimeException e) {
      err.println("es " + args[0] + " failed: " + e.getMessage());
      return 1;
    }
  }
}
