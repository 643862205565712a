package io.tributary.sink;

import io.tributary.job.Mode;

/**
 * What a sink knows about the batch it writes.
 *
 * @param batchId Spark's micro-batch id in streaming mode (stable across a replay); in batch mode the run's start
 *     time in epoch milliseconds, so each reindex is distinguishable
 */
public record BatchContext(String jobName, String sinkName, Mode mode, long batchId) {}
