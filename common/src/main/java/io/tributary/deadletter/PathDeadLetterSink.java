package io.tributary.deadletter;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Dead letters appended as files under a path (local, HDFS, S3): JSON lines by default, so people can read them. */
public final class PathDeadLetterSink implements DeadLetterSink {
  private final String path;
  private final String format;

  public PathDeadLetterSink(String path, String format) {
    if (!format.equals("json") && !format.equals("parquet")) {
      throw new IllegalArgumentException("dead-letter format must be json or parquet, not '" + format + "'");
    }
    this.path = path;
    this.format = format;
  }

  @Override
  public void write(Dataset<Row> deadLetters) {
    deadLetters.write().mode(SaveMode.Append).format(format).save(path);
  }

  @Override
  public String describe() {
    return format + " files under " + path;
  }
}
