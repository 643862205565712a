package io.tributary.faults;

import io.tributary.driver.TributaryMain;
import io.tributary.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job as users run it, {@code TributaryMain run --job FILE --mode streaming}, in a JVM of its own, so a SIGKILL
 * hits it exactly as it hits a user's driver: no shutdown hook, no graceful stop, open transactions left open.
 */
final class JobProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobProcess.class);
  private static final String HEAP = "768m";

  private final Process process;
  private final Path log;

  private JobProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code TributaryMain} with these arguments; its output goes to {@code log}. */
  static JobProcess start(List<String> args, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    Process p = ChildJvm.of(HEAP, List.of(), TributaryMain.class.getName(), args, log).start();
    // A test JVM that is itself killed (surefire's timeout, Ctrl-C) must not leave a streaming job behind.
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "kill-job-" + p.pid()));
    LOG.info("started pid {}: tributary {} (log {})", p.pid(), String.join(" ", args), log);
    return new JobProcess(p, log);
  }

  /** {@code run --job FILE --mode streaming --work-dir DIR}. */
  static JobProcess streaming(Path jobFile, Path workDir, Path log) throws IOException {
    return start(List.of("run", "--job", jobFile.toString(), "--mode", "streaming", "--work-dir",
        workDir.toString()), log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL (what {@code destroyForcibly} sends on Linux) and the proof that it was one: exit status 137. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("pid " + pid() + " survived SIGKILL");
    }
    if (process.exitValue() != 137) {
      throw new AssertionError("pid " + pid() + " exited " + process.exitValue() + " before the kill; log:\n"
          + tail(60));
    }
  }

  /** SIGTERM: the job finishes its micro-batch and exits 0. */
  int stopGracefully() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError("pid " + pid() + " did not stop within 120 s of SIGTERM; log:\n" + tail(60));
    }
    return process.exitValue();
  }

  /** Waits for the process to exit on its own; its exit code, or -1 on timeout (then it is killed). */
  int awaitExit(long seconds) throws InterruptedException {
    if (process.waitFor(seconds, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    return -1;
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  String tail(int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
