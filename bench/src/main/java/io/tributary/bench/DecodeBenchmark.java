package io.tributary.bench;

import io.tributary.events.ListingEvent;
import io.tributary.sample.SampleEvents;
import io.tributary.schema.DecodeException;
import io.tributary.schema.ThriftRowDecoder;
import io.tributary.schema.ThriftSchema;
import io.tributary.schema.WireProtocol;
import io.tributary.shaded.thrift.TException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decodes compact-serialized ~1 KB {@link ListingEvent}s (rotating through a pre-serialized array) into Spark
 * {@code InternalRow}s: {@link #decodeOurs} with {@link ThriftRowDecoder}, {@link #decodeBaseline} with
 * {@link ReflectiveThriftConverter}. One operation is one row, so ops/s is rows/s. Run it with {@link DecodeBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "-Xms1g", "-Xmx1g",
    // The root pom's spark.java17.opens, which Spark's encoders need on Java 17 (see DecodeBench.SPARK_JAVA17_OPENS).
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false"})
public class DecodeBenchmark {

    /** Seed of the benchmark events; DecodeBench reports the shape of the same events. */
    public static final long SEED = 20261124L;

    @Param("4096")
    public int events;

    private byte[][] payloads;
    private int next;
    private ThriftRowDecoder ours;
    private TalkThriftConverter baseline;
    private ReflectiveThriftConverter leanBaseline;

    /** The benchmark's pre-serialized events: {@code n} distinct benchmark-shaped listings, compact protocol. */
    public static byte[][] payloads(int n) {
        List<byte[]> list = SampleEvents.serializeAll(SampleEvents.benchmarkListings(n, SEED), true);
        return list.toArray(new byte[0][]);
    }

    @Setup
    public void setup() {
        payloads = payloads(events);
        ours = ThriftRowDecoder.create(ListingEvent.class, WireProtocol.COMPACT);
        baseline = new TalkThriftConverter(ListingEvent.class, ThriftSchema.of(ListingEvent.class));
        leanBaseline = new ReflectiveThriftConverter(ListingEvent.class, ThriftSchema.of(ListingEvent.class));
        next = 0;
    }

    private byte[] nextPayload() {
        byte[] p = payloads[next];
        if (++next == payloads.length) {
            next = 0;
        }
        return p;
    }

    @Benchmark
    public void decodeOurs(Blackhole bh) throws DecodeException {
        bh.consume(ours.decode(nextPayload()));
    }

    /** The talk's converter (ThriftParser's per-row algorithm): the baseline of the target. */
    @Benchmark
    public void decodeBaseline(Blackhole bh) throws TException {
        bh.consume(baseline.decode(nextPayload()));
    }

    /** A leaner reflective converter (precomputed indexes, no sorting, collection views): how far reflection goes. */
    @Benchmark
    public void decodeLeanBaseline(Blackhole bh) throws TException {
        bh.consume(leanBaseline.decode(nextPayload()));
    }
}
