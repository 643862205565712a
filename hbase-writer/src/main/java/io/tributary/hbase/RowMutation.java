package io.tributary.hbase;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * One input row as cells of one family, all at the row's version. The same value feeds both write paths, so a
 * streaming Put and a bulk-loaded HFile carry identical cells for identical input.
 *
 * @param delete the whole row is deleted at {@code version}: a family delete marker, which also hides any older
 *     cell written or bulk-loaded later (no resurrection)
 * @param values parallel to {@code qualifiers}; a null value is a column delete marker at {@code version} (the
 *     column became null), so an older late value stays hidden too
 */
public record RowMutation(byte[] row, long version, boolean delete, byte[][] qualifiers, byte[][] values)
    implements Serializable {

  /** As client mutations: a Put, a Delete, or both when some columns became null. */
  public List<Mutation> toMutations(byte[] family) {
    if (delete) {
      return List.of(new Delete(row).addFamily(family, version));
    }
    Put put = new Put(row);
    Delete nulls = null;
    for (int i = 0; i < qualifiers.length; i++) {
      if (values[i] != null) {
        put.addColumn(family, qualifiers[i], version, values[i]);
      } else {
        if (nulls == null) {
          nulls = new Delete(row);
        }
        nulls.addColumns(family, qualifiers[i], version);
      }
    }
    if (nulls == null) {
      return List.of(put);
    }
    return put.isEmpty() ? List.of(nulls) : List.of(put, nulls);
  }

  /**
   * As cells for an HFile, in {@code qualifiers} order: HBase's key order when the qualifiers are sorted and distinct
   * (as {@link MutationEncoder} makes them), else the writer sorts them.
   */
  public void addCells(byte[] family, List<Cell> out) {
    if (delete) {
      out.add(new KeyValue(row, family, null, version, KeyValue.Type.DeleteFamily));
      return;
    }
    for (int i = 0; i < qualifiers.length; i++) {
      out.add(values[i] != null
          ? new KeyValue(row, family, qualifiers[i], version, KeyValue.Type.Put, values[i])
          : new KeyValue(row, family, qualifiers[i], version, KeyValue.Type.DeleteColumn));
    }
  }

  /** For error messages: the printable row key and version. */
  public String describe() {
    return "row " + Bytes.toStringBinary(row) + " version " + version;
  }
}
