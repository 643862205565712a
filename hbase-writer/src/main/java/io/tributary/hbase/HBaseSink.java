package io.tributary.hbase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;

import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.OptionSpec;
import io.tributary.job.SinkOptions;
import io.tributary.job.SinkSpec;
import io.tributary.sink.BatchContext;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkProvider;
import io.tributary.sink.SinkResult;
import io.tributary.sink.SinkWriteException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type = hbase_update}: each row becomes cells of one family at the row's version (a mutation id or an event
 * time), so replays rewrite identical cells and an older mutation never hides a newer one, whichever path wrote it.
 *
 * <p>Streaming (and batch without {@code bulk_upload}): rows are repartitioned by the table's regions
 * ({@link RegionRouting}) and each partition goes through one BufferedMutator ({@link PutWriter}). Batch with
 * {@code bulk_upload = true}: rows are repartitioned by region and sorted by row key, each region's rows become one
 * HFile ({@link HFileWriter}) and BulkLoadHFiles ({@link HFileLoader}) moves them into the regions; no Puts, no WAL,
 * no memstore.
 */
public final class HBaseSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(HBaseSink.class);

  /** Shuffle columns appended to the input: the row key (binary) and its region's token (int). */
  static final String KEY_COLUMN = "__tributary_row_key";
  static final String TOKEN_COLUMN = "__tributary_region";

  private final HBaseSinkConfig config;

  public HBaseSink(HBaseSinkConfig config) {
    this.config = config;
  }

  public HBaseSinkConfig config() {
    return config;
  }

  @Override
  public void open(SparkSession spark) {
    if (config.createTable()) {
      try {
        TableSetup.ensureTable(HBaseClients.shared(config), config);
      } catch (IOException e) {
        throw new SinkWriteException("hbase", config.table(), "table setup", e.getMessage(), e);
      }
    }
  }

  @Override
  public SinkResult write(Dataset<Row> rows, BatchContext batch) {
    Dataset<Row> flat = flatten(rows);
    MutationEncoder encoder = new MutationEncoder(config, flat.schema(), config.valueColumns(flat.schema()));
    RegionRouting routing = new RegionRouting(startKeys());
    Dataset<Row> byRegion = withRowKeys(flat, encoder, routing).repartition(routing.regions(), col(TOKEN_COLUMN));
    int keyIndex = flat.schema().length();
    boolean bulk = config.bulkUpload() && batch.mode() == Mode.BATCH;
    long written = bulk ? bulkUpload(byRegion, encoder, routing, keyIndex, batch) : put(byRegion, encoder, keyIndex);
    LOG.info("hbase {}: {} rows written by {} ({} regions, batch {})", config.table(), written,
        bulk ? "bulk load" : "puts", routing.regions(), batch.batchId());
    return SinkResult.written(written);
  }

  /** Complex columns (structs, arrays, maps) become JSON strings: one cell each. */
  static Dataset<Row> flatten(Dataset<Row> rows) {
    List<Column> projected = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      boolean complex = field.dataType() instanceof StructType || field.dataType() instanceof ArrayType
          || field.dataType() instanceof MapType;
      projected.add(complex ? to_json(col(field.name())).as(field.name()) : col(field.name()));
    }
    return rows.select(projected.toArray(Column[]::new));
  }

  /**
   * Appends the row key and its region's shuffle token. Computed in Spark SQL, so the shuffle moves UnsafeRows
   * rather than Java-serialized objects.
   */
  static Dataset<Row> withRowKeys(Dataset<Row> flat, MutationEncoder encoder, RegionRouting routing) {
    UserDefinedFunction key = udf((UDF1<Row, byte[]>) encoder::key, DataTypes.BinaryType);
    UserDefinedFunction token = udf((UDF1<byte[], Integer>) routing::tokenOf, DataTypes.IntegerType);
    Column[] keyColumns = Arrays.stream(encoder.keyIndexes()).mapToObj(i -> col(flat.schema().fields()[i].name()))
        .toArray(Column[]::new);
    return flat.withColumn(KEY_COLUMN, key.apply(struct(keyColumns)))
        .withColumn(TOKEN_COLUMN, token.apply(col(KEY_COLUMN)));
  }

  private byte[][] startKeys() {
    Connection connection = HBaseClients.shared(config);
    try (RegionLocator locator = connection.getRegionLocator(TableName.valueOf(config.table()))) {
      return locator.getStartKeys();
    } catch (IOException e) {
      throw new SinkWriteException("hbase", config.table(), "region boundaries", e.getMessage(), e);
    }
  }

  private long put(Dataset<Row> byRegion, MutationEncoder encoder, int keyIndex) {
    HBaseSinkConfig conf = config;
    return sum(byRegion.mapPartitions(
        (MapPartitionsFunction<Row, Long>) it -> List.of(PutWriter.write(conf, encoder, keyIndex, it)).iterator(),
        Encoders.LONG()));
  }

  private long bulkUpload(Dataset<Row> byRegion, MutationEncoder encoder, RegionRouting routing, int keyIndex,
      BatchContext batch) {
    HBaseSinkConfig conf = config;
    Configuration hadoopConf = HBaseClients.configuration(config);
    Path dir = new Path(config.stagingDirOrDefault(), batch.jobName() + "-" + batch.sinkName() + "-"
        + batch.batchId() + "-" + UUID.randomUUID());
    String dirName = dir.toString();
    StoreFileFormat format = storeFileFormat();
    try {
      long started = System.nanoTime();
      // Spark's internal rows (UnsafeRows out of the sort), not Rows: see MutationEncoder.encode(InternalRow, ...)
      JavaRDD<InternalRow> sorted = byRegion.sortWithinPartitions(col(KEY_COLUMN)).queryExecution().toRdd()
          .toJavaRDD();
      long rows = sorted.mapPartitions((FlatMapFunction<Iterator<InternalRow>, Long>) it -> List.of(
          HFileWriter.write(conf, format, new Path(dirName), routing, encoder, keyIndex, TaskContext.getPartitionId(),
              it))
          .iterator()).collect().stream().mapToLong(Long::longValue).sum();
      long written = System.nanoTime();
      if (rows > 0) {
        HFileLoader.load(HBaseClients.shared(config), hadoopConf, TableName.valueOf(config.table()), dir,
            routing.regions());
      }
      LOG.info("hbase {}: HFiles of {} rows written in {} ms (shuffle, sort, write), loaded in {} ms", config.table(),
          rows, (written - started) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
      return rows;
    } catch (IOException e) {
      throw new SinkWriteException("hbase", config.table(), "HFiles in " + dir, "bulk load failed: " + e.getMessage(),
          e);
    } finally {
      deleteQuietly(hadoopConf, dir);
    }
  }

  /** The family's compression, encoding, bloom and block size, which the HFiles are written with. */
  private StoreFileFormat storeFileFormat() {
    try (Admin admin = HBaseClients.shared(config).getAdmin()) {
      return StoreFileFormat.of(TableSetup.family(admin.getDescriptor(TableName.valueOf(config.table())), config));
    } catch (IOException e) {
      throw new SinkWriteException("hbase", config.table(), "table descriptor", e.getMessage(), e);
    }
  }

  private static long sum(Dataset<Long> counts) {
    return counts.collectAsList().stream().mapToLong(Long::longValue).sum();
  }

  private static void deleteQuietly(Configuration conf, Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.delete(dir, true);
    } catch (IOException e) {
      LOG.warn("could not delete HFile staging dir {}: {}", dir, e.toString());
    }
  }

  /** Registered as a {@link io.tributary.job.SinkOptionsSpec} service. */
  public static final class Provider implements SinkProvider {
    private final HBaseSinkSpec spec = new HBaseSinkSpec();

    @Override
    public String type() {
      return spec.type();
    }

    @Override
    public List<OptionSpec> options() {
      return spec.options();
    }

    @Override
    public List<String> crossCheck(SinkOptions options) {
      return spec.crossCheck(options);
    }

    @Override
    public Sink create(SinkSpec sink, JobSpec job) {
      return new HBaseSink(HBaseSinkConfig.from(sink));
    }
  }
}
