package io.tributary.bench;

import com.sun.management.OperatingSystemMXBean;
import io.tributary.events.ListingEvent;
import io.tributary.schema.ThriftRowDecoder;
import io.tributary.schema.ThriftSchema;
import io.tributary.schema.WireProtocol;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * A cross-check of {@link DecodeBench} for a busy machine: ours and the talk's converter on the same events,
 * alternating in rounds of about a second, each measured in rows per second of this process's CPU time (GC and
 * JIT threads included, which the converter's allocations cost) rather than of wall-clock time, which other
 * processes on the cores stretch unevenly. Prints the median of the rounds. Not JMH: {@code bench decode} stays
 * the measurement; this only shows whether a loaded machine distorted it.
 *
 * <p>Usage: {@code DecodeCpuTime [rounds]} (default 10), with the root pom's Java 17 opens.
 */
public final class DecodeCpuTime {
  private static final int OURS_PASSES = 200;
  private static final int BASELINE_PASSES = 20;
  private static long sink;

  private DecodeCpuTime() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    byte[][] payloads = DecodeBenchmark.payloads(4096);
    ThriftRowDecoder ours = ThriftRowDecoder.create(ListingEvent.class, WireProtocol.COMPACT);
    TalkThriftConverter baseline = new TalkThriftConverter(ListingEvent.class, ThriftSchema.of(ListingEvent.class));
    System.out.printf(Locale.ROOT, "load average before: %s%n", DecodeBench.loadAverage());
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Decode oursDecode = p -> ours.decode(p).getSizeInBytes();
    Decode baselineDecode = p -> baseline.decode(p).numFields();
    for (int i = 0; i < 3; i++) { // warm-up: both compiled before anything is timed
      decodeAll(oursDecode, payloads, OURS_PASSES);
      decodeAll(baselineDecode, payloads, BASELINE_PASSES);
    }
    double[] oursRates = new double[rounds];
    double[] baselineRates = new double[rounds];
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = os.getProcessCpuTime();
      decodeAll(oursDecode, payloads, OURS_PASSES);
      long t1 = os.getProcessCpuTime();
      decodeAll(baselineDecode, payloads, BASELINE_PASSES);
      long t2 = os.getProcessCpuTime();
      oursRates[r] = (double) OURS_PASSES * payloads.length / ((t1 - t0) / 1e9);
      baselineRates[r] = (double) BASELINE_PASSES * payloads.length / ((t2 - t1) / 1e9);
      ratios[r] = oursRates[r] / baselineRates[r];
    }
    Arrays.sort(oursRates);
    Arrays.sort(baselineRates);
    Arrays.sort(ratios);
    System.out.printf(Locale.ROOT, "load average after: %s%n", DecodeBench.loadAverage());
    System.out.printf(Locale.ROOT, "decode per CPU-second: %.1fx (ours %d rows/cpu-s, baseline %d rows/cpu-s;"
            + " ratio over %d rounds %.1f-%.1f)%n", ratios[rounds / 2], Math.round(oursRates[rounds / 2]),
        Math.round(baselineRates[rounds / 2]), rounds, ratios[0], ratios[rounds - 1]);
    System.exit(sink == 42 ? 1 : 0); // Spark's threads would keep the JVM up
  }

  /** One decoder under test; returns something of the row so the work is not optimized away. */
  private interface Decode {
    int decode(byte[] payload) throws Exception;
  }

  private static void decodeAll(Decode decode, byte[][] payloads, int passes) throws Exception {
    long s = 0;
    for (int i = 0; i < passes; i++) {
      for (byte[] p : payloads) {
        s += decode.decode(p);
      }
    }
    sink += s;
  }
}
