package io.tributary.sink;

import io.tributary.job.JobSpec;
import io.tributary.job.OptionSpec;
import io.tributary.job.OptionType;
import io.tributary.job.SinkSpec;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code type = console}: prints each batch, for trying a job locally. */
public final class ConsoleSink implements Sink {
  private final int numRows;
  private final boolean truncate;

  ConsoleSink(int numRows, boolean truncate) {
    this.numRows = numRows;
    this.truncate = truncate;
  }

  @Override
  public SinkResult write(Dataset<Row> rows, BatchContext batch) {
    long count = rows.count();
    System.out.printf("-- %s/%s batch %d: %d rows%n", batch.jobName(), batch.sinkName(), batch.batchId(), count);
    rows.show(numRows, truncate);
    return SinkResult.written(count);
  }

  /** Registered as a {@link io.tributary.job.SinkOptionsSpec} service. */
  public static final class Provider implements SinkProvider {
    @Override
    public String type() {
      return "console";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.optional("num_rows", OptionType.INT, "rows shown per batch"),
          OptionSpec.optional("truncate", OptionType.BOOLEAN, "truncate long cell values"));
    }

    @Override
    public Sink create(SinkSpec sink, JobSpec job) {
      return new ConsoleSink(sink.options().integer("num_rows").orElse(20), sink.options().bool("truncate").orElse(true));
    }
  }
}
