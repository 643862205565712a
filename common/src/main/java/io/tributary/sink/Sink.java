package io.tributary.sink;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the rows of one job step to a store. The same sink serves both modes: in streaming mode
 * {@link #write} is called once per micro-batch, in batch mode once with the whole Hive result.
 */
public interface Sink extends AutoCloseable {

  /** Prepares the store when the job starts: templates, tables, supervisors. Called once, on the driver. */
  default void open(SparkSession spark) {}

  /**
   * Writes one batch and returns only when the rows are durable in the store. Streaming may replay a
   * micro-batch after a crash with the same {@link BatchContext#batchId()}: the write must be idempotent.
   * On failure, throw a {@link SinkWriteException} naming the store, the index/table and the record.
   */
  SinkResult write(Dataset<Row> rows, BatchContext batch);

  @Override
  default void close() {}
}
