package io.tributary.es;

import io.tributary.job.Mode;
import io.tributary.sink.BatchContext;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkResult;
import io.tributary.sink.SinkWriteException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type = elasticsearch}. Each batch is written with elasticsearch-hadoop's batch writer
 * ({@code df.write().format("es")}; its streaming sink breaks on Spark 3.5), always through an alias, with the
 * mutation id as external version: whatever order mutations arrive in, and however often they are replayed, each
 * document ends at its highest mutation id, and older ones come back as 409 and are counted as stale.
 *
 * <p>Streaming: writes to {@code <alias>}; while a reindex is running ({@code <alias>_building} exists) it writes
 * the batch there first, then to the alias, so the new index misses nothing the stream wrote during the reindex.
 * Building first matters: if the swap happens between the two writes, the alias write lands in the new index too.
 *
 * <p>Batch (Hive reindex): builds a new physical index and swaps the alias onto it, see {@link EsIndexManager}.
 */
public final class EsSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(EsSink.class);
  static final String STORE = "elasticsearch";

  private final EsSettings settings;
  private EsIndexManager manager;
  private SparkSession spark;

  public EsSink(EsSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(SparkSession spark) {
    this.spark = spark;
    // The writer's options hold the revealed password / API key; keep them out of plan strings and the UI.
    spark.conf().set("spark.sql.redaction.options.regex", EsConnection.SECRET_OPTIONS_REGEX);
    manager = new EsIndexManager(settings);
    manager.applyTemplate();
    String live = manager.ensureAlias();
    LOG.info("elasticsearch sink: alias {} on {}, nodes {}", settings.alias(), live,
        settings.nodes().stream().map(EsConnection::describe).toList());
  }

  public EsIndexManager indexManager() {
    return manager;
  }

  @Override
  public SinkResult write(Dataset<Row> rows, BatchContext batch) {
    checkColumns(rows.schema(), settings);
    if (manager == null) {
      open(rows.sparkSession());
    }
    Dataset<Row> docs = Tombstones.apply(rows, settings);
    return batch.mode() == Mode.BATCH ? reindex(docs, batch) : stream(docs, batch);
  }

  /** elasticsearch-hadoop's own errors for these are obscure and come from the executors; fail early instead. */
  static void checkColumns(StructType schema, EsSettings settings) {
    List<String> names = List.of(schema.fieldNames());
    for (String column : List.of(settings.idColumn(), settings.versionColumn())) {
      if (!names.contains(column)) {
        throw new SinkWriteException(STORE, settings.alias(), "the batch's rows", "column " + column
            + (column.equals(settings.idColumn()) ? " (id_column)" : " (version_column)") + " is not in " + names, null);
      }
    }
    DataType version = schema.apply(settings.versionColumn()).dataType();
    if (!(version instanceof LongType || version instanceof IntegerType || version instanceof ShortType
        || version instanceof ByteType)) {
      throw new SinkWriteException(STORE, settings.alias(), "the batch's rows", "version_column "
          + settings.versionColumn() + " must be an integer type (the mutation id), not " + version.simpleString(), null);
    }
  }

  private SinkResult stream(Dataset<Row> docs, BatchContext batch) {
    boolean building = manager.buildingIndex().isPresent();
    Dataset<Row> input = building ? docs.persist(StorageLevel.MEMORY_AND_DISK()) : docs;
    try {
      if (building) {
        writeToBuilding(input, batch);
      }
      SinkResult result = writeTo(input, settings.alias(), batch);
      // A reindex that began during this batch must still get it: its Hive snapshot may predate these rows.
      if (!building && manager.buildingIndex().isPresent()) {
        writeToBuilding(input, batch);
      }
      return result;
    } finally {
      if (building) {
        input.unpersist();
      }
    }
  }

  private void writeToBuilding(Dataset<Row> docs, BatchContext batch) {
    try {
      writeTo(docs, settings.buildingAlias(), batch);
    } catch (RuntimeException e) {
      // The swap removes the building alias; after it the alias write reaches the new index anyway.
      if (manager.buildingIndex().isPresent()) {
        throw e;
      }
      LOG.info("elasticsearch sink: reindex of {} finished during batch {}; writing through the alias only",
          settings.alias(), batch.batchId());
    }
    if (manager.buildingIndex().isEmpty()) {
      manager.dropStrayBuildingIndex();
    }
  }

  private SinkResult reindex(Dataset<Row> docs, BatchContext batch) {
    String index = manager.beginReindex(batch.batchId());
    SinkResult result;
    try {
      result = writeTo(docs, settings.buildingAlias(), batch);
      manager.finishReindex(index);
    } catch (RuntimeException e) {
      try {
        manager.abandonReindex(index);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    LOG.info("elasticsearch sink: reindexed {} into {}: {} written, {} stale", settings.alias(), index,
        result.written(), result.skippedStale());
    return result;
  }

  /** One elasticsearch-hadoop write to {@code target}, counting rows and 409s with accumulators. */
  SinkResult writeTo(Dataset<Row> docs, String target, BatchContext batch) {
    LongAccumulator rows = docs.sparkSession().sparkContext().longAccumulator("es rows " + target);
    LongAccumulator stale = docs.sparkSession().sparkContext().longAccumulator("es stale " + target);
    // Counted on Spark's internal rows: Dataset.mapPartitions would turn every row into a Row and back, and the
    // connector converts it to a Row once more for its JSON writer.
    RDD<InternalRow> countedRows = docs.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new CountingPartitions(rows, stale)).rdd();
    Dataset<Row> counted = docs.sparkSession().internalCreateDataFrame(countedRows, docs.schema(), false);
    Map<String, String> options = EsConnection.hadoopSettings(settings, target);
    try {
      counted.write().format("es").options(options).mode("append").save(target);
    } catch (Exception e) {
      // Spark rethrows task failures as SparkException, a checked exception Java does not see declared.
      Optional<Refusal> refused = refusal(e);
      if (refused.isPresent()) {
        throw new SinkWriteException(STORE, target, "document _id=" + refused.get().documentId(),
            refused.get().reason(), e);
      }
      throw new SinkWriteException(STORE, target, "batch " + batch.batchId() + " of " + batch.sinkName(),
          rootMessage(e), e);
    }
    return new SinkResult(rows.value() - stale.value(), stale.value());
  }

  /** The document a bulk entry failed on and the handler's reason, found in the cause chain. */
  record Refusal(String documentId, String reason) {}

  static Optional<Refusal> refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StaleVersionHandler.DocumentRefusedException refused) {
        return Optional.of(new Refusal(refused.documentId(), refused.getMessage()));
      }
    }
    // Across the executor boundary the cause may survive only as text (the task's stack trace in the message of
    // a SparkException); the handler's message names target and id, so look for it there.
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      int at = message.indexOf(StaleVersionHandler.ID_MARKER);
      if (at >= 0) {
        int from = at + StaleVersionHandler.ID_MARKER.length();
        int end = message.indexOf(' ', from);
        String id = message.substring(from, end < 0 ? message.length() : end);
        int start = Math.max(0, message.lastIndexOf("elasticsearch ", at));
        return Optional.of(new Refusal(id, firstLine(message.substring(start))));
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return firstLine(String.valueOf(root.getMessage()));
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }

  /** Identity over a partition that counts rows and binds the stale counter to the task thread. */
  private static final class CountingPartitions implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator rows;
    private final LongAccumulator stale;

    CountingPartitions(LongAccumulator rows, LongAccumulator stale) {
      this.rows = rows;
      this.stale = stale;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> input) {
      StaleCounter.bind(stale);
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> StaleCounter.unbind());
      }
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public InternalRow next() {
          rows.add(1);
          return input.next();
        }
      };
    }
  }
}
