package io.tributary.deadletter;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Where refused records go: a Kafka topic or a path, chosen in the job file's {@code dead_letter} block. */
public interface DeadLetterSink {

  /** Writes a batch of rows of {@link DeadLetters#SCHEMA}; must not return before they are durable. */
  void write(Dataset<Row> deadLetters);

  /** Where the dead letters go, for logs and the demo's summary. */
  String describe();
}
