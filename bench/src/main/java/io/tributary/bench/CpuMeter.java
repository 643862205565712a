package io.tributary.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU seconds used by this JVM (Spark in local mode) and by the servers it started as child processes, grouped by
 * server. On a shared machine wall-clock ratios move with other people's load; CPU time per path does not, so the
 * benchmarks print both.
 */
final class CpuMeter {
  /** The bench's own JVM: Spark in local mode, or the baseline's client. */
  static final String THIS_JVM = "this JVM";
  /**
   * Child processes are grouped by the first of these their command line contains (lower case). Main classes rather
   * than names: a server's paths may contain another's name (the Druid bench keeps Kafka under bench-druid/).
   */
  private static final List<Map.Entry<String, String>> SERVERS = List.of(
      Map.entry(" kafka.kafka ", "kafka"),
      Map.entry("zookeeperservermain", "zookeeper"),
      Map.entry("elasticsearch", "elasticsearch"), // runs as another user: only its executable path is visible
      Map.entry("hbase", "hbase"));
  /** Druid's services are told apart by the node type local-stack passes to each. */
  private static final Pattern DRUID_SERVICE = Pattern.compile("-ddruid\\.node\\.type=([a-z-]+)");

  private final Map<String, Double> start;

  private CpuMeter(Map<String, Double> start) {
    this.start = start;
  }

  static CpuMeter start() {
    return new CpuMeter(snapshot());
  }

  /** CPU seconds per group since {@link #start()}; a child that exited since is no longer counted. */
  Map<String, Double> elapsed() {
    Map<String, Double> now = snapshot();
    now.replaceAll((group, seconds) -> seconds - start.getOrDefault(group, 0.0));
    return now;
  }

  static String format(Map<String, Double> seconds) {
    StringBuilder s = new StringBuilder();
    seconds.forEach((group, cpu) -> s.append(s.length() == 0 ? "" : ", ")
        .append(String.format(Locale.ROOT, "%s %.1f s", group, cpu)));
    return s.toString();
  }

  private static Map<String, Double> snapshot() {
    Map<String, Double> cpu = new TreeMap<>();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    cpu.put(THIS_JVM, os.getProcessCpuTime() / 1e9);
    ProcessHandle.current().descendants().forEach(process -> {
      String command = process.info().commandLine().orElse("").toLowerCase(Locale.ROOT);
      double seconds = process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
      Matcher druidService = DRUID_SERVICE.matcher(command);
      if (druidService.find()) {
        cpu.merge("druid " + druidService.group(1), seconds, Double::sum);
        return;
      }
      SERVERS.stream().filter(server -> command.contains(server.getKey())).findFirst()
          .ifPresent(server -> cpu.merge(server.getValue(), seconds, Double::sum));
    });
    return cpu;
  }
}
