package io.tributary.bench;

import io.tributary.hbase.HBaseClients;
import io.tributary.hbase.HBaseSink;
import io.tributary.hbase.HBaseSinkSpec;
import io.tributary.hbase.RowKeys;
import io.tributary.hbase.StateStore;
import io.tributary.job.Mode;
import io.tributary.job.SinkOptions;
import io.tributary.job.SinkSpec;
import io.tributary.job.StringOrSecret;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.LocalStackConfig;
import io.tributary.sink.BatchContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/tributary bench hbase}: the same N listing rows (6 value cells each, 4 salted regions) written to a real
 * standalone HBase (local-stack child process) three ways, each into a fresh table, in {@code --rounds R} (default 3)
 * alternating rounds whose medians are compared:
 * (a) the sink's bulk path (Spark shuffle by region + sort, HFiles, BulkLoadHFiles),
 * (b) the sink's streaming Put path (Spark, region-partitioned, one BufferedMutator per partition),
 * (c) a plain single-threaded BufferedMutator loop in this JVM (no Spark), building the same cells.
 * Times are wall clock of the write call, input already cached in Spark (a) (b) or generated on the fly (c).
 * Each path's line also gives the CPU seconds it cost this JVM and the HBase server, and the Spark stages it ran
 * ({@link WhereTimeGoes}): on a shared machine those stretch less than wall clock.
 * Every table is checked to hold N rows, then dropped before the next round. Last line (medians):
 * {@code hbase bulk/put speedup: <ratio>x, put-path/raw: <ratio>}.
 *
 * <p>Options: {@code --rows N} (default {@value #DEFAULT_ROWS}), {@code --work-dir DIR} (HBase's work dir, default
 * {@code <tributary.work.dir>/bench-hbase}), {@code --hbase-heap 1500m}, {@code --rounds 3}, {@code --fs local|hdfs}
 * (HBase's root dir on the local file system, the default, or on a one-DataNode HDFS in HBase's JVM, with the HFiles
 * staged there too), {@code --keep} (leave HBase running).
 */
public final class HBaseBench {
  static final String FAMILY = "d";
  static final int SALT = 4;
  /**
   * The family's compression for all three paths' tables, as production tables are set up. Only the bulk path pays
   * for it in its timed window (it compresses its HFiles as it writes them); the Put paths' memstores are compressed
   * when flushed.
   */
  static final String COMPRESSION = "snappy";

  /**
   * A reindex-sized batch. The bulk path has a fixed cost per write (planning, two Spark stages, the table lookups,
   * the load's round trips: about 0.4 s here), a third of a 500k-row write and a ninth of this one; the Put path
   * runs at the same rate (~105k rows/s) at both sizes, and at this one it also flushes memstores inside its timed
   * window, as a sustained stream does (the 1500m HBase heap fills them at about 500k of these rows).
   */
  static final long DEFAULT_ROWS = 2_000_000;

  private HBaseBench() {}

  public static void main(String[] args) throws Exception {
    long rows = DEFAULT_ROWS;
    Path workDir = Path.of(System.getProperty("tributary.work.dir", "work"), "bench-hbase");
    String heap = "1500m";
    boolean keep = false;
    int rounds = 3;
    boolean hdfs = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--work-dir" -> workDir = Path.of(args[++i]);
        case "--hbase-heap" -> heap = args[++i];
        case "--keep" -> keep = true;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--fs" -> hdfs = switch (args[++i]) {
          case "hdfs" -> true;
          case "local" -> false;
          default -> throw new IllegalArgumentException("--fs takes hdfs or local, not " + args[i]);
        };
        default -> {
          System.err.println("usage: bench hbase [--rows N] [--work-dir DIR] [--hbase-heap 1500m] [--rounds 3] "
              + "[--fs local|hdfs] [--keep]");
          System.exit(2);
        }
      }
    }
    Result r = run(rows, workDir, heap, rounds, hdfs, keep, System.out);
    System.out.println(r.lastLine());
  }

  /** Measured seconds of each path (medians of the rounds). */
  record Result(long rows, double bulkSeconds, double putSeconds, double rawSeconds) {
    String lastLine() {
      return String.format(Locale.ROOT, "hbase bulk/put speedup: %.2fx, put-path/raw: %.2f",
          putSeconds / bulkSeconds, rawSeconds / putSeconds);
    }
  }

  static Result run(long rows, Path workDir, String heap, int rounds, boolean hdfs, boolean keep, PrintStream out)
      throws Exception {
    LocalStack stack = new LocalStack(LocalStackConfig.builder().workDir(workDir).build());
    if (!keep) {
      stack.stopOnJvmExit();
    }
    if (hdfs) {
      stack.hbase().onHdfs();
    }
    stack.hbase().withHeap(heap).start();
    // the HFiles must be written to HBase's file system; one DataNode holds one replica
    Target target = hdfs
        ? new Target(stack.hbase().zookeeperQuorum(), stack.hbase().hdfsUri() + "/hbase",
            stack.hbase().hdfsUri() + "/tributary-staging", Map.of("dfs.replication", "1"))
        : new Target(stack.hbase().zookeeperQuorum(), stack.hbase().rootDir().toUri().toString(),
            workDir.resolve("hbase-staging").toAbsolutePath().toUri().toString(), Map.of());
    SparkSession spark = SparkSession.builder().appName("tributary-bench-hbase").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", workDir.resolve("spark-warehouse").toAbsolutePath().toString())
        .getOrCreate();
    try {
      out.printf(Locale.ROOT, "hbase bench: %d rows x 6 cells, %d salted regions, %s family, HBase %s heap on %s, "
          + "Spark local[2], load average %.2f%n", rows, SALT, COMPRESSION, heap,
          hdfs ? "HDFS" : "the local file system",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      Dataset<Row> input = listings(spark, rows).cache();
      input.count();

      Connection connection = HBaseClients.shared(target.zookeeperQuorum(), target.clientOptions());
      warmUp(spark, target, connection, Math.min(WARMUP_ROWS, rows));
      WhereTimeGoes meter = new WhereTimeGoes(spark);
      // Rounds alternate the paths into fresh tables, so none always meets the region server's first-run costs;
      // the medians are compared.
      List<WhereTimeGoes.Cost> bulkCosts = new ArrayList<>();
      List<WhereTimeGoes.Cost> putCosts = new ArrayList<>();
      List<WhereTimeGoes.Cost> rawCosts = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        HBaseSink bulk = sink(target, "bench_bulk_" + round, true);
        HBaseSink put = sink(target, "bench_put_" + round, false);
        HBaseSink raw = sink(target, "bench_raw_" + round, false);
        for (HBaseSink s : List.of(bulk, put, raw)) {
          drop(connection, s.config().table());
          s.open(spark);
        }
        out.println("round " + round + ":");
        bulkCosts.add(meter.measure(() -> bulk.write(input, new BatchContext("bench", "hbase", Mode.BATCH, 1))));
        report(out, "(a) bulk upload ", rows, bulkCosts.get(round - 1));
        putCosts.add(meter.measure(() -> put.write(input, new BatchContext("bench", "hbase", Mode.STREAMING, 1))));
        report(out, "(b) put path    ", rows, putCosts.get(round - 1));
        rawCosts.add(meter.measure(() -> rawLoop(connection, raw.config().table(), rows)));
        report(out, "(c) raw mutator ", rows, rawCosts.get(round - 1));
        for (HBaseSink s : List.of(bulk, put, raw)) {
          checkTable(s, rows);
          drop(connection, s.config().table()); // this round's memstores and files do not burden the next
        }
      }
      out.println("checked: every table of every round held " + rows + " rows");
      out.printf(Locale.ROOT, "deleted %,d MB of the dropped tables' archived files and old WALs%n",
          purgeDroppedTables(target) >> 20);
      double bulkSeconds = medianWall(bulkCosts);
      double putSeconds = medianWall(putCosts);
      double rawSeconds = medianWall(rawCosts);
      out.printf(Locale.ROOT, "medians of %d rounds: (a) %.2f s, (b) %.2f s, (c) %.2f s%n", rounds, bulkSeconds,
          putSeconds, rawSeconds);
      out.printf(Locale.ROOT, "cpu seconds (this JVM + HBase server, medians), put/bulk: %.2fx, raw/put: %.2f%n",
          medianCpu(putCosts) / medianCpu(bulkCosts), medianCpu(rawCosts) / medianCpu(putCosts));
      return new Result(rows, bulkSeconds, putSeconds, rawSeconds);
    } finally {
      spark.stop();
      HBaseClients.closeAll();
      if (!keep) {
        stack.stopAll();
      }
    }
  }

  static void checkTable(HBaseSink sink, long rows) throws IOException {
    try (StateStore store = StateStore.of(sink.config())) {
      long stored = store.countRows(new byte[0], 0, Long.MAX_VALUE);
      if (stored != rows) {
        throw new IllegalStateException(sink.config().table() + " holds " + stored + " rows, expected " + rows);
      }
      var sample = store.multiGet(List.of(Bytes.toBytes("12345"))).get(0);
      if (rows > 12345 && !"Listing 12345".equals(sample.latest("title").orElseThrow().asString())) {
        throw new IllegalStateException(sink.config().table() + " row 12345 differs: " + sample);
      }
    }
  }

  private static double medianWall(List<WhereTimeGoes.Cost> costs) {
    return EsBench.median(costs.stream().map(WhereTimeGoes.Cost::wallSeconds).toList());
  }

  private static double medianCpu(List<WhereTimeGoes.Cost> costs) {
    return EsBench.median(costs.stream().map(WhereTimeGoes.Cost::cpuSeconds).toList());
  }

  /**
   * Each path once, untimed, on {@value #WARMUP_ROWS} rows (fewer if the run has fewer) into its own tables (dropped after): the JIT, Spark's
   * first-job and code-generation costs and the client's region lookups are then paid before any timing, by all
   * three paths alike, not by whichever runs first.
   */
  static void warmUp(SparkSession spark, Target target, Connection connection, long warmRows)
      throws IOException {
    Dataset<Row> warm = listings(spark, warmRows).cache();
    warm.count();
    HBaseSink bulk = sink(target, "bench_warmup_bulk", true);
    HBaseSink put = sink(target, "bench_warmup_put", false);
    HBaseSink raw = sink(target, "bench_warmup_raw", false);
    for (HBaseSink s : List.of(bulk, put, raw)) {
      drop(connection, s.config().table());
      s.open(spark);
    }
    bulk.write(warm, new BatchContext("bench", "warmup", Mode.BATCH, 1));
    put.write(warm, new BatchContext("bench", "warmup", Mode.STREAMING, 1));
    rawLoop(connection, "bench_warmup_raw", warmRows);
    for (HBaseSink s : List.of(bulk, put, raw)) {
      drop(connection, s.config().table());
    }
    warm.unpersist();
  }

  static final long WARMUP_ROWS = 200_000;

  /** Listing-like rows; (c) builds the same cells from {@link #cells}. */
  static Dataset<Row> listings(SparkSession spark, long rows) {
    return spark.range(rows).selectExpr("id AS listing_id", "id + 1 AS mutation_id",
        "concat('Listing ', id) AS title", "id % 100000 AS host_id",
        "element_at(array('lisbon', 'paris', 'rome', 'tokyo'), CAST(id % 4 + 1 AS INT)) AS market",
        "CAST(1 + id % 16 AS INT) AS max_guests", "CAST(1 + id % 5 AS INT) AS bedrooms",
        "CAST(50 + id % 400 AS DOUBLE) AS nightly_price");
  }

  static final byte[][] QUALIFIERS = {Bytes.toBytes("title"), Bytes.toBytes("host_id"), Bytes.toBytes("market"),
      Bytes.toBytes("max_guests"), Bytes.toBytes("bedrooms"), Bytes.toBytes("nightly_price")};
  static final String[] MARKETS = {"lisbon", "paris", "rome", "tokyo"};

  static byte[][] cells(long id) {
    return new byte[][] {Bytes.toBytes("Listing " + id), Bytes.toBytes(id % 100000), Bytes.toBytes(MARKETS[(int) (id % 4)]),
        Bytes.toBytes((int) (1 + id % 16)), Bytes.toBytes((int) (1 + id % 5)), Bytes.toBytes((double) (50 + id % 400))};
  }

  static void rawLoop(Connection connection, String table, long rows) {
    byte[] family = Bytes.toBytes(FAMILY);
    try (BufferedMutator mutator = connection.getBufferedMutator(TableName.valueOf(table))) {
      for (long id = 0; id < rows; id++) {
        Put put = new Put(RowKeys.salted(Bytes.toBytes(Long.toString(id)), SALT));
        byte[][] values = cells(id);
        for (int i = 0; i < values.length; i++) {
          put.addColumn(family, QUALIFIERS[i], id + 1, values[i]);
        }
        mutator.mutate(put);
      }
      mutator.flush();
    } catch (IOException e) {
      throw new IllegalStateException("raw BufferedMutator loop into " + table + " failed", e);
    }
  }

  /** The HBase the sinks write to: quorum, its root dir, the HFile staging dir on that file system, client settings. */
  record Target(String zookeeperQuorum, String rootDir, String stagingDir, Map<String, String> clientOptions) {}

  /**
   * HBase keeps a dropped table's files in {@code archive/} and old WALs in {@code oldWALs/} until its cleaner chores
   * run (every 10 minutes, for files older than 5-10), which a bench that stops HBase after 3 minutes never lets
   * happen: 20 GB had piled up in the bench's work dir over a day of runs. Everything there is the bench's own dropped
   * tables', so it deletes them itself; returns the bytes deleted.
   */
  static long purgeDroppedTables(Target target) throws IOException {
    var root = new org.apache.hadoop.fs.Path(target.rootDir());
    FileSystem fs = root.getFileSystem(HBaseClients.configuration(target.zookeeperQuorum(), target.clientOptions()));
    long bytes = 0;
    List<org.apache.hadoop.fs.Path> garbage = new ArrayList<>();
    var archived = new org.apache.hadoop.fs.Path(root, "archive/data/default");
    if (fs.exists(archived)) {
      for (FileStatus table : fs.listStatus(archived, p -> p.getName().startsWith("bench_"))) {
        garbage.add(table.getPath());
      }
    }
    var oldWals = new org.apache.hadoop.fs.Path(root, "oldWALs");
    if (fs.exists(oldWals)) {
      for (FileStatus wal : fs.listStatus(oldWals)) {
        garbage.add(wal.getPath());
      }
    }
    for (var path : garbage) {
      bytes += fs.getContentSummary(path).getLength();
      fs.delete(path, true);
    }
    return bytes;
  }

  static HBaseSink sink(Target target, String table, boolean bulk) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("table", table);
    options.put("zookeeper_quorum", target.zookeeperQuorum());
    options.put("row_key_column", "listing_id");
    options.put("salt_buckets", SALT);
    options.put("column_family", FAMILY);
    options.put("version_column", "mutation_id");
    options.put("bulk_upload", bulk);
    options.put("compression", COMPRESSION);
    options.put("staging_dir", target.stagingDir());
    if (!target.clientOptions().isEmpty()) {
      Map<String, StringOrSecret> clientOptions = new LinkedHashMap<>();
      target.clientOptions().forEach((k, v) -> clientOptions.put(k, new StringOrSecret.Literal(v)));
      options.put("hbase_options", clientOptions);
    }
    HBaseSink.Provider provider = new HBaseSink.Provider();
    SinkSpec spec = new SinkSpec("hbase", "listings", HBaseSinkSpec.TYPE, SinkOptions.of(options));
    List<String> problems = new ArrayList<>(provider.crossCheck(spec.options()));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.toString());
    }
    return (HBaseSink) provider.create(spec, null);
  }

  static void drop(Connection connection, String table) throws IOException {
    try (Admin admin = connection.getAdmin()) {
      TableName name = TableName.valueOf(table);
      if (admin.tableExists(name)) {
        admin.disableTable(name);
        admin.deleteTable(name);
      }
    }
  }

  private static void report(PrintStream out, String path, long rows, WhereTimeGoes.Cost cost) {
    out.printf(Locale.ROOT, "%s  %8.2f s  %,10.0f rows/s  %s%n", path, cost.wallSeconds(), rows / cost.wallSeconds(),
        cost.describe());
  }
}
