package io.tributary.hbase;

import io.tributary.sink.SinkWriteException;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.RetriesExhaustedWithDetailsException;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.sql.Row;

/**
 * The streaming path, run per Spark partition (= one region): one BufferedMutator, flushed and closed before the
 * task ends, so a micro-batch is durable in HBase when foreachBatch returns. Replays write the same cells at the
 * same timestamps, which HBase treats as the same cell.
 */
final class PutWriter {
  private PutWriter() {}

  /** Writes the partition and returns how many rows it wrote. */
  static long write(HBaseSinkConfig config, MutationEncoder encoder, int keyIndex, Iterator<Row> rows) {
    byte[] family = Bytes.toBytes(config.family());
    Connection connection = HBaseClients.shared(config);
    BufferedMutatorParams params = new BufferedMutatorParams(TableName.valueOf(config.table()));
    long written = 0;
    RowMutation last = null;
    try (BufferedMutator mutator = connection.getBufferedMutator(params)) {
      while (rows.hasNext()) {
        Row row = rows.next();
        last = encoder.encode(row, (byte[]) row.get(keyIndex));
        for (Mutation m : last.toMutations(family)) {
          mutator.mutate(m);
        }
        written++;
      }
      mutator.flush();
    } catch (RetriesExhaustedWithDetailsException e) {
      String row = e.getNumExceptions() > 0 ? Bytes.toStringBinary(e.getRow(0).getRow()) : "?";
      throw new SinkWriteException("hbase", config.table(), "row " + row + " (and " + (e.getNumExceptions() - 1)
          + " more)", e.getExhaustiveDescription(), e);
    } catch (IOException e) {
      throw new SinkWriteException("hbase", config.table(), last == null ? "the first row" : last.describe(),
          e.getMessage(), e);
    }
    return written;
  }
}
