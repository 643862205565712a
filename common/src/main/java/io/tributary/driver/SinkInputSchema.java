package io.tributary.driver;

import io.tributary.job.JobSpec;
import io.tributary.job.SinkSpec;
import io.tributary.job.SourceSpec;
import io.tributary.schema.ThriftSchema;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of what a job hands one of its sinks, found by Spark's analyzer over empty sources of the Thrift
 * schemas: for tools that read a store back and must know how each column was encoded. Runs no job.
 */
public final class SinkInputSchema {
  private SinkInputSchema() {}

  public static StructType of(SparkSession spark, JobSpec job, SinkSpec sink) {
    SparkSession session = spark.newSession(); // its temp views stay out of the caller's session
    JobGraph graph = new JobGraph(job, sink);
    for (SourceSpec source : graph.sources()) {
      session.createDataFrame(List.<Row>of(), ThriftSchema.of(source.thriftClass()))
          .createOrReplaceTempView(source.name());
    }
    return graph.sinkInput(session).schema();
  }
}
