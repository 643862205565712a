package io.tributary.bench;

import io.tributary.events.ListingEvent;
import io.tributary.schema.ThriftRowDecoder;
import io.tributary.schema.ThriftSchema;
import io.tributary.schema.WireProtocol;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code bin/tributary bench decode}: runs {@link DecodeBenchmark} with JMH (single thread, throughput) and prints,
 * as its last line, {@code decode speedup: <ratio>x (ours <n> rows/s, baseline <m> rows/s)}.
 *
 * <p>Before timing anything it checks that both decoders produce the same rows for the benchmark's events, so a
 * speedup is never reported for a decoder that gets them wrong.
 *
 * <p>Options: {@code --quick} (a short in-process run, for smoke tests), {@code --events N} (distinct
 * pre-serialized events, default 4096), {@code --forks N} (default 1; 0 runs in this JVM, which then needs the
 * Spark Java 17 opens itself), {@code --warmup N} / {@code --iterations N} (2 s iterations, default 3 / 5).
 * {@code --quick} numbers are not meaningful (no fork, little warmup, the first benchmark pays for the JIT).
 */
public final class DecodeBench {

    /** The root pom's {@code spark.java17.opens}: the forked benchmark JVM needs them for Spark's encoders. */
    public static final List<String> SPARK_JAVA17_OPENS = List.of(
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

    /** How many of the benchmark's events are decoded by both and compared before timing. */
    static final int CROSS_CHECK_EVENTS = 256;

    private DecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("bench decode: " + e.getMessage());
            System.err.println("usage: bench decode [--quick] [--events N] [--forks N] [--warmup N] [--iterations N]");
            System.exit(2);
        }
        System.exit(0);
    }

    /** Runs the benchmark, printing to {@code out}; returns the last line printed. */
    public static String run(String[] args, PrintStream out) throws Exception {
        boolean quick = false;
        int events = -1;
        int forks = -1;
        int warmup = -1;
        int measure = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--events":
                    events = positive(args, ++i);
                    break;
                case "--forks":
                    forks = positive(args, ++i);
                    break;
                case "--warmup":
                    warmup = positive(args, ++i);
                    break;
                case "--iterations":
                    measure = positive(args, ++i);
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (events < 0) {
            events = quick ? 1024 : 4096;
        }
        if (forks < 0) {
            forks = quick ? 0 : 1;
        }

        out.println("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
            + ", available cores: " + Runtime.getRuntime().availableProcessors() + ", CPU: " + cpuModel());
        String load = loadAverage();
        if (load != null) {
            out.println("load average before the run: " + load);
            double oneMinute = Double.parseDouble(load.split(" ")[0]);
            if (oneMinute > 0.5 * Runtime.getRuntime().availableProcessors()) {
                out.println("WARNING: the machine is busy; numbers will be noisy. Run on an idle machine.");
            }
        }

        byte[][] payloads = DecodeBenchmark.payloads(events);
        long bytes = 0;
        for (byte[] p : payloads) {
            bytes += p.length;
        }
        StructType schema = ThriftSchema.of(ListingEvent.class);
        out.printf(Locale.ROOT, "event shape: ListingEvent, TCompactProtocol, %d distinct events, avg %.0f bytes,"
                + " %d top-level fields, %d leaf fields in the schema%n",
            payloads.length, (double) bytes / payloads.length, schema.size(), leafFields(schema));

        crossCheck(payloads, schema);
        out.println("cross-check: ours and baseline produce the same rows for "
            + Math.min(CROSS_CHECK_EVENTS, payloads.length) + " events");

        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(DecodeBenchmark.class.getName() + "\\.decode(Ours|Baseline|LeanBaseline)$")
            .param("events", Integer.toString(events))
            .threads(1)
            .forks(forks)
            .shouldFailOnError(true);
        TimeValue iterationTime = TimeValue.seconds(quick ? 1 : 2);
        options.warmupIterations(warmup >= 0 ? warmup : quick ? 1 : 3).warmupTime(iterationTime)
            .measurementIterations(measure > 0 ? measure : quick ? 2 : 5).measurementTime(iterationTime);
        if (forks > 0) {
            List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
            jvmArgs.addAll(SPARK_JAVA17_OPENS);
            options.jvmArgsAppend(jvmArgs.toArray(new String[0]));
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        double ours = score(results, "decodeOurs");
        double baseline = score(results, "decodeBaseline");
        double lean = score(results, "decodeLeanBaseline");
        out.printf(Locale.ROOT, "lean reflective converter: %d rows/s (ours is %.1fx of it)%n", Math.round(lean),
            ours / lean);
        String last = String.format(Locale.ROOT, "decode speedup: %.1fx (ours %d rows/s, baseline %d rows/s)",
            ours / baseline, Math.round(ours), Math.round(baseline));
        out.println(last);
        out.flush();
        return last;
    }

    /** Decodes the first events with both and fails if any row differs (maps and sets compared unordered). */
    static void crossCheck(byte[][] payloads, StructType schema) throws Exception {
        ThriftRowDecoder ours = ThriftRowDecoder.create(ListingEvent.class, WireProtocol.COMPACT);
        List<ReflectiveThriftConverter> baselines = List.of(new TalkThriftConverter(ListingEvent.class, schema),
            new ReflectiveThriftConverter(ListingEvent.class, schema));
        if (!ours.schema().equals(schema)) {
            throw new IllegalStateException("schemas differ: ours " + ours.schema().treeString()
                + " vs ThriftSchema.of " + schema.treeString());
        }
        for (int i = 0; i < Math.min(CROSS_CHECK_EVENTS, payloads.length); i++) {
            InternalRow a = ours.decode(payloads[i]);
            Object ca = CanonicalRows.of(a, schema, ListingEvent.class);
            for (ReflectiveThriftConverter baseline : baselines) {
                Object cb = CanonicalRows.of(baseline.decode(payloads[i]), schema, ListingEvent.class);
                if (!Objects.equals(ca, cb)) {
                    throw new IllegalStateException("ours and " + baseline.getClass().getSimpleName()
                        + " disagree on event " + i + ":\n ours     " + ca + "\n baseline " + cb);
                }
            }
        }
    }

    private static double score(Collection<RunResult> results, String method) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)) {
                return r.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("JMH produced no result for " + method);
    }

    static int leafFields(DataType type) {
        if (type instanceof StructType) {
            int n = 0;
            for (StructField f : ((StructType) type).fields()) {
                n += leafFields(f.dataType());
            }
            return n;
        }
        if (type instanceof ArrayType) {
            return leafFields(((ArrayType) type).elementType());
        }
        if (type instanceof MapType) {
            return leafFields(((MapType) type).keyType()) + leafFields(((MapType) type).valueType());
        }
        return 1;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or null where there is none. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int positive(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a number");
        }
        int n;
        try {
            n = Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " needs a number, got " + args[i]);
        }
        boolean zeroOk = args[i - 1].equals("--forks") || args[i - 1].equals("--warmup");
        if (n < 0 || (n == 0 && !zeroOk)) {
            throw new IllegalArgumentException(args[i - 1] + " must be positive, got " + args[i]);
        }
        return n;
    }
}
