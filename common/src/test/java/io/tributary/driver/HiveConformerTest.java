package io.tributary.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.deadletter.DeadLetters;
import io.tributary.events.fixtures.Inner;
import io.tributary.schema.ErrorKind;
import io.tributary.schema.ThriftSchema;
import io.tributary.testing.LocalSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Hive source is held to the Thrift schema: types must match, and rows missing a required field are dead letters. */
@Timeout(120)
class HiveConformerTest {
  /** Hive columns are all nullable; Inner's id is required. Partition column ds is extra. */
  private static final StructType HIVE_INNER = new StructType()
      .add("id", DataTypes.IntegerType, true)
      .add("label", DataTypes.StringType, true)
      .add("ds", DataTypes.StringType, true);

  @Test
  void rowsMissingARequiredFieldBecomeDeadLettersAndTheRestKeepTheThriftSchema() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> hive = spark.createDataFrame(List.of(
        RowFactory.create(1, "one", "2026-11-20"),
        RowFactory.create(null, "no id", "2026-11-20"),
        RowFactory.create(3, null, "2026-11-20")), HIVE_INNER);
    HiveConformer.Conformed conformed = HiveConformer.conform(hive, ThriftSchema.of(Inner.class), "inner", "SELECT ...");

    assertEquals(ThriftSchema.of(Inner.class), conformed.events().schema(), "Thrift columns and nullability, ds dropped");
    assertEquals(List.of(1, 3), conformed.events().orderBy("id").collectAsList().stream().map(r -> r.getInt(0)).toList());
    List<Row> deadLetters = conformed.deadLetters().collectAsList();
    assertEquals(1, deadLetters.size());
    Row deadLetter = deadLetters.get(0);
    assertEquals(ErrorKind.MISSING_REQUIRED_FIELD.name(), deadLetter.getString(deadLetter.fieldIndex(DeadLetters.ERROR_KIND)));
    assertTrue(deadLetter.getString(deadLetter.fieldIndex(DeadLetters.ERROR_MESSAGE)).contains("id"));
    String payload = new String((byte[]) deadLetter.get(deadLetter.fieldIndex(DeadLetters.PAYLOAD)));
    assertTrue(payload.contains("no id"), "the row is kept as JSON: " + payload);
  }

  @Test
  void aTableOfAnotherShapeIsRefusedWithTheColumnsNamed() {
    SparkSession spark = LocalSpark.get();
    StructType wrong = new StructType().add("id", DataTypes.StringType).add("other", DataTypes.StringType);
    Dataset<Row> hive = spark.createDataFrame(List.of(RowFactory.create("1", "x")), wrong);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HiveConformer.conform(hive, ThriftSchema.of(Inner.class), "inner", "SELECT * FROM t"));
    assertTrue(e.getMessage().contains("column id is string, the Thrift schema says int"), e.getMessage());
    assertTrue(e.getMessage().contains("missing column label"), e.getMessage());
    assertFalse(e.getMessage().contains("other"), "extra columns are fine: " + e.getMessage());
  }
}
