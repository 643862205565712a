package io.tributary.driver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.tributary.deadletter.DeadLetters;
import io.tributary.schema.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Holds a Hive source to the same schema as the stream: the Thrift struct's columns, in its order, with its
 * types; rows where a required field is null become dead letters (Hive columns are all nullable, Thrift's
 * required ones are not). Extra columns, such as partition columns, are dropped.
 */
final class HiveConformer {
  private static final String VIOLATION = "__tributary_violation";

  private HiveConformer() {}

  record Conformed(Dataset<Row> events, Dataset<Row> deadLetters) {}

  static Conformed conform(Dataset<Row> hiveRows, StructType thriftSchema, String sourceName, String query) {
    StructType actual = hiveRows.schema();
    List<String> problems = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    for (StructField expected : thriftSchema.fields()) {
      if (!List.of(actual.fieldNames()).contains(expected.name())) {
        problems.add("missing column " + expected.name() + " (" + expected.dataType().simpleString() + ")");
        continue;
      }
      DataType found = actual.apply(expected.name()).dataType();
      if (!sameIgnoringNullability(found, expected.dataType())) {
        problems.add("column " + expected.name() + " is " + found.simpleString() + ", the Thrift schema says "
            + expected.dataType().simpleString());
      }
      columns.add(col(expected.name()));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("source " + sourceName + ": the Hive query does not match the Thrift schema: "
          + String.join("; ", problems) + ". Query: " + query);
    }
    Column violation = lit(null).cast(DataTypes.StringType);
    for (StructField field : thriftSchema.fields()) {
      violation = firstViolation(violation, col(field.name()), field, field.name());
    }
    Dataset<Row> checked = hiveRows.select(columns.toArray(Column[]::new)).withColumn(VIOLATION, violation);
    Dataset<Row> good = checked.where(col(VIOLATION).isNull()).drop(VIOLATION);
    // Re-typed with the Thrift schema's nullability, now that required fields are known to be set.
    Dataset<Row> events = good.sparkSession().internalCreateDataFrame(
        good.queryExecution().toRdd(), thriftSchema, false);
    Dataset<Row> deadLetters = checked.where(col(VIOLATION).isNotNull()).select(
        lit(sourceName).as(DeadLetters.SOURCE),
        lit(null).cast(DataTypes.StringType).as(DeadLetters.TOPIC),
        lit(null).cast(DataTypes.IntegerType).as(DeadLetters.PARTITION),
        lit(null).cast(DataTypes.LongType).as(DeadLetters.OFFSET),
        lit(null).cast(DataTypes.TimestampType).as(DeadLetters.KAFKA_TIMESTAMP),
        lit(ErrorKind.MISSING_REQUIRED_FIELD.name()).as(DeadLetters.ERROR_KIND),
        col(VIOLATION).as(DeadLetters.ERROR_MESSAGE),
        to_json(struct(columns.toArray(Column[]::new))).cast(DataTypes.BinaryType).as(DeadLetters.PAYLOAD),
        current_timestamp().as(DeadLetters.FAILED_AT));
    return new Conformed(events, deadLetters);
  }

  /** Appends to {@code found} (the first violation so far) the check of one field at {@code path}. */
  private static Column firstViolation(Column found, Column value, StructField field, String path) {
    Column result = found;
    if (!field.nullable()) {
      result = when(result.isNull().and(value.isNull()), lit("required field " + path + " is null")).otherwise(result);
    }
    Column nested = nestedViolation(value, field.dataType(), path);
    if (nested != null) {
      result = when(result.isNull().and(value.isNotNull()), nested).otherwise(result);
    }
    return result;
  }

  /** A violation message inside a struct, array or map value, or null when the type has nothing required. */
  private static Column nestedViolation(Column value, DataType type, String path) {
    if (type instanceof StructType struct) {
      Column found = lit(null).cast(DataTypes.StringType);
      boolean any = false;
      for (StructField f : struct.fields()) {
        if (!f.nullable() || nestedViolation(value.getField(f.name()), f.dataType(), path + "." + f.name()) != null) {
          found = firstViolation(found, value.getField(f.name()), f, path + "." + f.name());
          any = true;
        }
      }
      return any ? found : null;
    }
    if (type instanceof ArrayType array) {
      return elementsViolation(value, array.elementType(), array.containsNull(), path + "[]", Function.identity());
    }
    if (type instanceof MapType map) {
      return elementsViolation(value, map.valueType(), map.valueContainsNull(), path + "{value}",
          org.apache.spark.sql.functions::map_values);
    }
    return null;
  }

  private static Column elementsViolation(Column container, DataType elementType, boolean nullsAllowed, String path,
      Function<Column, Column> elementsOf) {
    Column elements = elementsOf.apply(container);
    Column nested = nestedViolation(lit(null), elementType, path); // probe: does the element type require anything?
    if (nullsAllowed && nested == null) {
      return null;
    }
    Column bad = exists(elements, element -> {
      Column check = nullsAllowed ? lit(false) : element.isNull();
      Column inner = nestedViolation(element, elementType, path);
      return inner == null ? check : check.or(element.isNotNull().and(inner.isNotNull()));
    });
    return when(bad, lit("a value in " + path + " is null or lacks a required field"));
  }

  private static boolean sameIgnoringNullability(DataType a, DataType b) {
    return a.asNullable().sameType(b.asNullable());
  }
}
