package io.tributary.hbase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

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
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.tool.BulkLoadHFiles;
import org.apache.spark.api.java.JavaPairRDD;
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
import scala.Tuple2;

/**
 * {@code type = hbase_update}: each row becomes cells of one family at the row's version (a mutation id or an event
 * time), so replays rewrite identical cells and an older mutation never hides a newer one, whichever path wrote it.
 *
 * <p>Streaming (and batch without {@code bulk_upload}): rows are repartitioned by the table's regions and each
 * partition goes through one BufferedMutator ({@link PutWriter}). Batch with {@code bulk_upload = true}: rows are
 * repartitioned by region and sorted, each partition becomes one HFile ({@link HFileWriter}) and BulkLoadHFiles
 * moves them into the regions; no Puts, no WAL, no memstore.
 */
public final class HBaseSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(HBaseSink.class);

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
    JavaPairRDD<ByteKey, RowMutation> keyed = encode(rows);
    RegionPartitioner regions = new RegionPartitioner(startKeys());
    boolean bulk = config.bulkUpload() && batch.mode() == Mode.BATCH;
    long written = bulk ? bulkUpload(keyed, regions, batch) : put(keyed, regions);
    LOG.info("hbase {}: {} rows written by {} ({} regions, batch {})", config.table(), written,
        bulk ? "bulk load" : "puts", regions.numPartitions(), batch.batchId());
    return SinkResult.written(written);
  }

  /** Complex columns as JSON strings, then one {@link RowMutation} per row keyed by its row key. */
  JavaPairRDD<ByteKey, RowMutation> encode(Dataset<Row> rows) {
    List<String> valueColumns = valueColumns(rows.schema());
    List<Column> projected = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      boolean complex = field.dataType() instanceof StructType || field.dataType() instanceof ArrayType
          || field.dataType() instanceof MapType;
      projected.add(complex ? to_json(col(field.name())).as(field.name()) : col(field.name()));
    }
    Dataset<Row> flat = rows.select(projected.toArray(Column[]::new));
    MutationEncoder encoder = new MutationEncoder(config, flat.schema(), valueColumns);
    return flat.javaRDD().mapToPair(row -> {
      RowMutation m = encoder.encode(row);
      return new Tuple2<>(new ByteKey(m.row()), m);
    });
  }

  private List<String> valueColumns(StructType schema) {
    if (!config.columns().isEmpty()) {
      return config.columns();
    }
    List<String> all = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      if (!config.rowKeyColumns().contains(name) && !name.equals(config.versionColumn())
          && !name.equals(config.deleteColumn())) {
        all.add(name);
      }
    }
    return all;
  }

  private byte[][] startKeys() {
    Connection connection = HBaseClients.shared(config);
    try (RegionLocator locator = connection.getRegionLocator(TableName.valueOf(config.table()))) {
      return locator.getStartKeys();
    } catch (IOException e) {
      throw new SinkWriteException("hbase", config.table(), "region boundaries", e.getMessage(), e);
    }
  }

  private long put(JavaPairRDD<ByteKey, RowMutation> keyed, RegionPartitioner regions) {
    HBaseSinkConfig conf = config;
    return keyed.partitionBy(regions)
        .mapPartitions(it -> List.of(PutWriter.write(conf, it)).iterator())
        .collect().stream().mapToLong(Long::longValue).sum();
  }

  private long bulkUpload(JavaPairRDD<ByteKey, RowMutation> keyed, RegionPartitioner regions, BatchContext batch) {
    HBaseSinkConfig conf = config;
    Configuration hadoopConf = HBaseClients.configuration(config);
    Path dir = new Path(config.stagingDirOrDefault(), batch.jobName() + "-" + batch.sinkName() + "-"
        + batch.batchId() + "-" + UUID.randomUUID());
    String dirName = dir.toString();
    try {
      long rows = keyed.repartitionAndSortWithinPartitions(regions, RegionPartitioner.rowOrder())
          .mapPartitionsWithIndex((partition, it) -> List.of(HFileWriter.write(conf, new Path(dirName), partition, it))
              .iterator(), false)
          .collect().stream().mapToLong(Long::longValue).sum();
      if (rows > 0) {
        BulkLoadHFiles.create(hadoopConf).bulkLoad(TableName.valueOf(config.table()), dir);
      }
      return rows;
    } catch (IOException e) {
      throw new SinkWriteException("hbase", config.table(), "HFiles in " + dir, "bulk load failed: " + e.getMessage(),
          e);
    } finally {
      deleteQuietly(hadoopConf, dir);
    }
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
