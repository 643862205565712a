package io.tributary.sink;

import io.tributary.job.JobSpec;
import io.tributary.job.SinkOptionsSpec;
import io.tributary.job.SinkSpec;

/**
 * A sink type: the keys it accepts (for validation) and how to build it. Sink modules list their provider in
 * {@code META-INF/services/io.tributary.job.SinkOptionsSpec}, so common never names them.
 */
public interface SinkProvider extends SinkOptionsSpec {

  Sink create(SinkSpec sink, JobSpec job);
}
