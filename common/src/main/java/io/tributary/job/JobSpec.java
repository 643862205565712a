package io.tributary.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated job for one {@link Mode}.
 *
 * @param sources only the forms this mode reads (Kafka in streaming, Hive in batch)
 * @param process in execution order: every step comes after the steps it reads
 * @param retry how sink writes are retried on transient store failures, in both modes
 */
public record JobSpec(Path file, String name, Mode mode, List<SourceSpec> sources, List<ProcessStep> process,
                      List<SinkSpec> sinks, Optional<StreamingSpec> streaming,
                      Optional<DeadLetterSpec> deadLetter, RetrySpec retry) {

    public JobSpec {
        sources = List.copyOf(sources);
        process = List.copyOf(process);
        sinks = List.copyOf(sinks);
    }

    public Optional<SourceSpec> source(String sourceName) {
        return sources.stream().filter(source -> source.name().equalsIgnoreCase(sourceName)).findFirst();
    }

    public Optional<ProcessStep> step(String stepName) {
        return process.stream().filter(step -> step.name().equalsIgnoreCase(stepName)).findFirst();
    }

    public Optional<SinkSpec> sink(String sinkName) {
        return sinks.stream().filter(sink -> sink.name().equalsIgnoreCase(sinkName)).findFirst();
    }
}
