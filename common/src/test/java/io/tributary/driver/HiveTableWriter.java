package io.tributary.driver;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code HiveTableWriter WORK_DIR}: in its own JVM (Spark allows one session's metastore per JVM), writes
 * {@code events.inner_rows} through whatever metastore {@link LocalSpark} picks, and prints its location.
 */
public final class HiveTableWriter {
  static final String TABLE = "events.inner_rows";

  private HiveTableWriter() {}

  public static void main(String[] args) {
    SparkSession spark = LocalSpark.session("hive-writer", Path.of(args[0]),
        Map.of("spark.master", "local[1]", "spark.sql.shuffle.partitions", "1"));
    try {
      StructType schema = new StructType().add("id", DataTypes.IntegerType).add("label", DataTypes.StringType);
      spark.sql("CREATE DATABASE IF NOT EXISTS events");
      spark.createDataFrame(List.of(RowFactory.create(1, "one"), RowFactory.create(2, "two"),
          RowFactory.create(3, "three")), schema).write().mode(SaveMode.Overwrite).saveAsTable(TABLE);
      System.out.println("table location: " + spark.sql("DESCRIBE TABLE EXTENDED " + TABLE)
          .filter("col_name = 'Location'").first().getString(1));
    } finally {
      spark.stop();
    }
  }
}
