package io.tributary.job;

import java.util.Set;

/**
 * A SQL step; its result is registered as a temporary view named {@code name}.
 *
 * @param inputs the sources and steps its SQL reads, as declared in the job file
 */
public record ProcessStep(String name, String sql, Set<String> inputs) {
    public ProcessStep {
        inputs = Set.copyOf(inputs);
    }
}
