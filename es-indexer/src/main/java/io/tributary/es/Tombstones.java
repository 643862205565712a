package io.tributary.es;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a DELETE is written so that it is never undone.
 *
 * <p>A real Elasticsearch delete keeps its version only for {@code index.gc_deletes} (60 s by default); after
 * that, a late or replayed upsert with an older mutation id is accepted and the document comes back. So a DELETE
 * is written as an ordinary document, indexed at the delete's mutation id like any upsert:
 * {@code {<id>, <version>, <operation>, tributary_deleted: true}} with every other field dropped. Its version is a
 * real document version, kept forever, so every older mutation gets a 409 (counted as stale) however late it
 * comes; a newer upsert (a re-created listing) replaces it. The alias carries the filter
 * {@code must_not term tributary_deleted: true}, so searches never see tombstones. The cost is one small
 * document per deleted id (a {@code delete_by_query} of old tombstones reclaims them, trading away the
 * protection for those ids).
 */
public final class Tombstones {
  public static final String DELETED_FIELD = "tributary_deleted";

  private Tombstones() {}

  /** Adds {@link #DELETED_FIELD} and empties the content of delete rows; without an operation column, no deletes. */
  static Dataset<Row> apply(Dataset<Row> rows, EsSettings settings) {
    List<String> columns = Arrays.asList(rows.columns());
    if (columns.contains(DELETED_FIELD)) {
      throw new IllegalArgumentException("column " + DELETED_FIELD + " is reserved for Elasticsearch tombstones");
    }
    if (!columns.contains(settings.operationColumn())) {
      return rows.withColumn(DELETED_FIELD, lit(false));
    }
    Column operation = col(quoted(settings.operationColumn()));
    Column deleted = operation.equalTo(lit(settings.deleteOperation()))
        .and(operation.isNotNull());
    List<Column> out = new ArrayList<>();
    for (String column : columns) {
      boolean kept = column.equals(settings.idColumn()) || column.equals(settings.versionColumn())
          || column.equals(settings.operationColumn());
      // Null fields are left out of the document (es.spark.dataframe.write.null=false), so a tombstone carries
      // no stale content that a search on a field could still match.
      Column value = col(quoted(column));
      out.add(kept ? value : when(deleted, lit(null)).otherwise(value).as(column));
    }
    out.add(deleted.as(DELETED_FIELD));
    return rows.select(out.toArray(Column[]::new));
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
