package io.tributary.job;

import java.time.Duration;
import java.util.Optional;

/** @param triggerInterval empty means Spark's default: start the next micro-batch as soon as one finishes */
public record StreamingSpec(Optional<Duration> triggerInterval, String checkpointDir) {
}
