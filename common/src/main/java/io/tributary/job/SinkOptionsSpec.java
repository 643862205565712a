package io.tributary.job;

import java.util.List;

/**
 * The keys one sink type accepts in a job file's {@code sink} entry, besides {@code name}, {@code input} and
 * {@code type}. Common does not know the Elasticsearch, Druid or HBase keys: each sink module implements this
 * and lists it in {@code META-INF/services/io.tributary.job.SinkOptionsSpec}, so validation knows exactly the
 * sinks whose code is on the classpath.
 */
public interface SinkOptionsSpec {

    /** The {@code type} value this spec answers for, e.g. {@code elasticsearch}. */
    String type();

    List<OptionSpec> options();

    /**
     * Rules that span keys (e.g. "metrics need a timestamp column"). Called only when every key has the declared
     * type. Messages must not echo values of SECRET options (they are references anyway).
     */
    default List<String> crossCheck(SinkOptions options) {
        return List.of();
    }

    /**
     * True when the sink keeps exactly-once state per Spark partition of a micro-batch (e.g. one Kafka transaction
     * per partition), so a replayed batch must be split into the same partitions: its job's Kafka sources may then
     * not set {@code min_partitions}.
     */
    default boolean fencesPerSparkPartition() {
        return false;
    }
}
