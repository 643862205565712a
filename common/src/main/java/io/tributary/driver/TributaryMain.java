package io.tributary.driver;

import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.JobValidationException;
import io.tributary.job.Mode;
import io.tributary.job.SinkOptionsDoc;
import io.tributary.job.SinkSpecRegistry;
import io.tributary.job.ValidateCommand;
import io.tributary.sink.SinkFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line behind {@code bin/tributary run|validate} and the sink applications' {@code spark-submit}:
 * <pre>
 *   run --job FILE --mode streaming|batch [--var k=v]... [--conf spark.k=v]... [--work-dir DIR]
 *   validate FILE [--mode streaming|batch] [--var k=v]...
 * </pre>
 */
public final class TributaryMain {
  static final String USAGE = "usage: run --job FILE --mode streaming|batch [--var name=value]... "
      + "[--conf spark.key=value]... [--work-dir DIR]\n       validate FILE [--mode streaming|batch] [--var name=value]..."
      + "\n       sinks   (every sink type's keys, as Markdown)";

  private TributaryMain() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String[] args) {
    if (args.length == 0) {
      System.err.println(USAGE);
      return 2;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (command.equals("validate")) {
      return ValidateCommand.run(rest, System.out, System.err, SinkSpecRegistry.load());
    }
    if (command.equals("sinks")) {
      System.out.print(SinkOptionsDoc.markdown(SinkSpecRegistry.load()));
      return 0;
    }
    if (!command.equals("run")) {
      System.err.println("unknown command '" + command + "'\n" + USAGE);
      return 2;
    }
    Path jobFile = null;
    Mode mode = null;
    List<String> vars = new ArrayList<>();
    Map<String, String> conf = new LinkedHashMap<>();
    Path workDir = Path.of(System.getProperty("tributary.work.dir", "work"));
    try {
      for (int i = 0; i < rest.length; i++) {
        String flag = rest[i];
        String value = i + 1 < rest.length ? rest[++i] : null;
        if (value == null) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        switch (flag) {
          case "--job" -> jobFile = Path.of(value);
          case "--mode" -> mode = Mode.fromCli(value);
          case "--var" -> vars.add(value);
          case "--work-dir" -> workDir = Path.of(value);
          case "--conf" -> {
            int equals = value.indexOf('=');
            if (equals <= 0) {
              throw new IllegalArgumentException("expected --conf key=value, got '" + value + "'");
            }
            conf.put(value.substring(0, equals), value.substring(equals + 1));
          }
          default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
        }
      }
      if (jobFile == null || mode == null) {
        throw new IllegalArgumentException("run needs --job FILE and --mode streaming|batch");
      }
      if (!Files.isRegularFile(jobFile)) {
        throw new IllegalArgumentException("job file " + jobFile + " does not exist");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("tributary: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    JobSpec job;
    try {
      job = JobFile.load(jobFile, mode, JobFile.parseVars(vars));
    } catch (JobValidationException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println("tributary: " + e.getMessage());
      return 2;
    }
    try {
      JobRunner.run(job, conf, workDir);
      return 0;
    } catch (Exception e) {
      Optional<SinkFailedException> sinkFailed = SinkFailedException.in(e);
      if (sinkFailed.isPresent()) {
        // The store's error is the news; Spark's wrappers around it are noise on the last line.
        System.err.println("tributary: job " + job.name() + " failed: " + sinkFailed.get().getMessage());
        return 1;
      }
      System.err.println("tributary: job " + job.name() + " failed: " + e);
      e.printStackTrace(System.err);
      return 1;
    }
  }
}
