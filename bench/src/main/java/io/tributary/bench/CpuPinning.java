package io.tributary.bench;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Pins processes to CPUs with util-linux {@code taskset}, to run two servers on one machine as if each had its own
 * cores. Java has no API for CPU affinity, hence the command.
 */
final class CpuPinning {
  private CpuPinning() {}

  /** Pins this JVM (all its threads, present and future) to {@code cpus}, e.g. {@code "0"} or {@code "0-2"}. */
  static void pinSelf(String cpus) {
    pin(ProcessHandle.current(), cpus);
  }

  /** Pins every descendant of this JVM whose command line contains {@code name} (e.g. "druid") to {@code cpus}. */
  static int pinChildren(String name, String cpus) {
    var matching = ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").toLowerCase(Locale.ROOT).contains(name)).toList();
    matching.forEach(p -> pin(p, cpus));
    return matching.size();
  }

  private static void pin(ProcessHandle process, String cpus) {
    try {
      Process taskset = new ProcessBuilder(Stream.of("taskset", "-a", "-p", "-c", cpus, Long.toString(process.pid()))
          .toList()).redirectErrorStream(true).start();
      String output = new String(taskset.getInputStream().readAllBytes());
      if (!taskset.waitFor(30, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
        throw new IllegalStateException("taskset -a -p -c " + cpus + " " + process.pid() + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run taskset (util-linux) to pin process " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
