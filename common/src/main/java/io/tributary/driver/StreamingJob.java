package io.tributary.driver;

import static org.apache.spark.sql.functions.lit;

import io.tributary.deadletter.DeadLetterCounters;
import io.tributary.decode.DecodedBatch;
import io.tributary.decode.KafkaRecordDecoder;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpec;
import io.tributary.job.SourceSpec;
import io.tributary.job.StreamingSpec;
import io.tributary.job.StringOrSecret;
import io.tributary.schema.DecodeLimits;
import io.tributary.schema.ErrorKind;
import io.tributary.schema.WireProtocol;
import io.tributary.sink.BatchContext;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming mode: one Structured Streaming query per sink, each with its own checkpoint
 * ({@code <checkpoint_dir>/<sink>}), so a slow or failing store never holds back the others. Every micro-batch
 * decodes the Kafka records of the sink's sources, sends refused records to the dead letters, runs the SQL
 * steps and hands the result to the sink with Spark's batch id.
 */
public final class StreamingJob {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
  private static final String SOURCE_COLUMN = "__tributary_source";

  private final SparkSession spark;
  private final JobSpec job;
  private final Map<String, Sink> sinks;
  private final DeadLetterRouter deadLetters;
  private final PipelineMetrics metrics;
  private final SinkRetry retry;
  private final List<StreamingQuery> queries = new ArrayList<>();
  /** Numbers of batches whose progress event has not arrived yet, by query id and batch id. */
  private final Map<String, BatchNumbers> pending = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  /** Micro-batches past the stop gate and not yet done; stop() waits for them. */
  private final java.util.concurrent.atomic.AtomicInteger batchesInFlight = new java.util.concurrent.atomic.AtomicInteger();
  /** Queries (by name) whose stream thread waits at the stop gate, where interrupting it loses nothing. */
  private final Set<String> parkedAtGate = ConcurrentHashMap.newKeySet();

  record BatchNumbers(String sink, long recordsIn, long deadLettered, SinkResult result) {}

  public StreamingJob(SparkSession spark, JobSpec job, Map<String, Sink> sinks, Path workDir) {
    this.spark = spark;
    this.job = job;
    this.sinks = sinks;
    this.deadLetters = new DeadLetterRouter(job, workDir);
    this.metrics = new PipelineMetrics(job.name(), Mode.STREAMING).registerWithSpark();
    this.retry = new SinkRetry(job.retry(), () -> stopping);
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  public DeadLetterCounters deadLetterCounters() {
    return deadLetters.counters();
  }

  /** Starts every sink's query and returns; {@link #awaitTermination()} blocks. */
  public StreamingJob start() throws TimeoutException {
    StreamingSpec streaming = job.streaming().orElseThrow(() -> new IllegalArgumentException(
        job.file() + ": streaming mode needs a streaming { checkpoint_dir = ... } block"));
    spark.streams().addListener(new ProgressLogger());
    Set<String> sourcesWithDeadLetterOwner = new java.util.HashSet<>();
    for (SinkSpec sinkSpec : job.sinks()) {
      JobGraph graph = new JobGraph(job, sinkSpec);
      // When two sinks read one source, only the first writes its dead letters, so each is kept once.
      List<String> ownedDeadLetters = new ArrayList<>();
      for (SourceSpec source : graph.sources()) {
        if (sourcesWithDeadLetterOwner.add(source.name())) {
          ownedDeadLetters.add(source.name());
        }
      }
      Dataset<Row> records = kafkaRecords(graph.sources());
      Sink sink = sinks.get(sinkSpec.name());
      VoidFunction2<Dataset<Row>, Long> perBatch = (batch, batchId) ->
          processBatch(batch, batchId, sinkSpec, sink, graph, ownedDeadLetters);
      DataStreamWriter<Row> writer = records.writeStream()
          .queryName(job.name() + "." + sinkSpec.name())
          .option("checkpointLocation", Path.of(streaming.checkpointDir(), sinkSpec.name()).toString())
          .foreachBatch(perBatch);
      if (streaming.triggerInterval().isPresent()) {
        writer = writer.trigger(Trigger.ProcessingTime(streaming.triggerInterval().get().toMillis()));
      }
      queries.add(writer.start());
      LOG.info("{}: streaming to {} ({}) with checkpoint {}", job.name(), sinkSpec.name(), sinkSpec.type(),
          Path.of(streaming.checkpointDir(), sinkSpec.name()));
    }
    return this;
  }

  /** The union of the sink's Kafka sources, each record tagged with the source it came from. */
  private Dataset<Row> kafkaRecords(List<SourceSpec> sources) {
    Dataset<Row> union = null;
    for (SourceSpec source : sources) {
      SourceSpec.Kafka kafka = (SourceSpec.Kafka) source;
      var reader = spark.readStream().format("kafka")
          .option("kafka.bootstrap.servers", kafka.bootstrapServers())
          .option("subscribe", String.join(",", kafka.topics()))
          .option("startingOffsets", kafka.startingOffsets());
      if (kafka.maxOffsetsPerTrigger().isPresent()) {
        reader = reader.option("maxOffsetsPerTrigger", kafka.maxOffsetsPerTrigger().getAsLong());
      }
      if (kafka.minPartitions().isPresent()) {
        // More read tasks than cores: one task decodes while another waits on the store's answer.
        reader = reader.option("minPartitions", kafka.minPartitions().getAsInt());
      }
      for (Map.Entry<String, String> option : StringOrSecret.revealAll(kafka.kafkaOptions()).entrySet()) {
        reader = reader.option("kafka." + option.getKey(), option.getValue());
      }
      Dataset<Row> records = reader.load().withColumn(SOURCE_COLUMN, lit(kafka.name()));
      union = union == null ? records : union.unionByName(records);
    }
    return union;
  }

  private void processBatch(Dataset<Row> records, long batchId, SinkSpec sinkSpec, Sink sink, JobGraph graph,
      List<String> ownedDeadLetters) throws InterruptedException {
    batchesInFlight.incrementAndGet();
    if (stopping) {
      // A batch that starts after a stop request writes nothing and waits here for stop() to interrupt it;
      // Spark has not committed it, so the restart runs it again from the same offsets.
      batchesInFlight.decrementAndGet();
      parkAtGate(sinkSpec);
    }
    SparkSession session = records.sparkSession(); // the query's own session: its temp views are private to it
    List<DecodedBatch> decodedBatches = new ArrayList<>();
    try {
      for (SourceSpec source : graph.sources()) {
        SourceSpec.Kafka kafka = (SourceSpec.Kafka) source;
        KafkaRecordDecoder decoder = new KafkaRecordDecoder(kafka.name(), kafka.thriftClass(),
            kafka.protocol(), DecodeLimits.DEFAULT);
        Dataset<Row> ofSource = graph.sources().size() == 1 ? records
            : records.where(records.col(SOURCE_COLUMN).equalTo(kafka.name()));
        DecodedBatch decoded = decoder.decode(ofSource);
        decodedBatches.add(decoded);
        decoded.events().createOrReplaceTempView(kafka.name());
      }
      Dataset<Row> input = graph.sinkInput(session);
      BatchContext context = new BatchContext(job.name(), sinkSpec.name(), Mode.STREAMING, batchId);
      SinkResult result;
      try {
        // The write is the batch's first Spark job: its tasks decode the records as they write them (and tally them
        // for the dead letters), so with more read tasks than cores (min_partitions) one task decodes while the
        // store indexes another's.
        // Failing here (retries used up) fails the query before Spark commits this batch's offsets; the replay
        // then routes this batch's dead letters.
        result = retry.write(sinkSpec, context, () -> sink.write(input, context));
      } catch (SinkRetry.StopRequested stop) {
        parkUntilStopped(sinkSpec);
        return;
      }
      // Counted and routed from the write's tally of the decode.
      long recordsIn = 0;
      long deadLettered = 0;
      for (int i = 0; i < graph.sources().size(); i++) {
        String sourceName = graph.sources().get(i).name();
        DecodedBatch decoded = decodedBatches.get(i);
        long sourceRecords = decoded.recordCount();
        recordsIn += sourceRecords;
        if (ownedDeadLetters.contains(sourceName)) {
          Map<ErrorKind, Long> refused = decoded.refusedByKind();
          deadLetters.route(sourceName, refused, decoded::deadLetters);
          deadLettered += refused.values().stream().mapToLong(Long::longValue).sum();
          metrics.recordIn(sourceRecords, refused);
        }
      }
      metrics.recordSink(sinkSpec.name(), result);
      pending.put(sinkSpec.name() + "#" + batchId, new BatchNumbers(sinkSpec.name(), recordsIn, deadLettered, result));
    } finally {
      batchesInFlight.decrementAndGet();
    }
  }

  private void parkAtGate(SinkSpec sinkSpec) throws InterruptedException {
    parkedAtGate.add(job.name() + "." + sinkSpec.name());
    while (true) {
      Thread.sleep(1000);
    }
  }

  /** A stop came while the batch waited to retry its write: park it uncommitted, like one that starts after it. */
  private void parkUntilStopped(SinkSpec sinkSpec) throws InterruptedException {
    batchesInFlight.decrementAndGet();
    try {
      parkAtGate(sinkSpec);
    } finally {
      batchesInFlight.incrementAndGet(); // the finally of processBatch decrements once more
    }
  }

  /** Logs one line per micro-batch, when Spark reports its duration and the Kafka lag after it. */
  private final class ProgressLogger extends StreamingQueryListener {
    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      var progress = event.progress();
      String name = progress.name() == null ? "" : progress.name();
      String sinkName = name.startsWith(job.name() + ".") ? name.substring(job.name().length() + 1) : name;
      BatchNumbers numbers = pending.remove(sinkName + "#" + progress.batchId());
      if (numbers == null) {
        return; // an empty trigger, or another job's query
      }
      long lag = 0;
      for (SourceProgress source : progress.sources()) {
        String behind = source.metrics().get("maxOffsetsBehindLatest");
        if (behind != null) {
          lag = Math.max(lag, Long.parseLong(behind));
        }
      }
      metrics.recordBatch(progress.batchDuration(), lag);
      LOG.info("{}/{} batch {}: {} records in, {} dead-lettered, {} written, {} skipped as stale, {} ms, Kafka lag {}",
          job.name(), sinkName, progress.batchId(), numbers.recordsIn(), numbers.deadLettered(),
          numbers.result().written(), numbers.result().skippedStale(), progress.batchDuration(), lag);
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
      if (event.exception().isDefined() && !stopping) {
        LOG.error("{}: query {} failed: {}", job.name(), event.id(), event.exception().get());
      }
    }
  }

  /** Blocks until every query ends; rethrows the failure of the first that failed. */
  public void awaitTermination() throws Exception {
    for (StreamingQuery query : queries) {
      query.awaitTermination();
    }
  }

  /** Blocks until each query has processed all data available now (for tests and the demo). */
  public void processAllAvailable() {
    queries.forEach(StreamingQuery::processAllAvailable);
  }

  /**
   * Stops gracefully: micro-batches already writing finish (so sinks and checkpoints agree), none starts after,
   * then every query stops. Called on SIGTERM.
   */
  public void stop() {
    stopping = true;
    long deadline = System.currentTimeMillis() + 300_000;
    // Interrupting Spark between a batch's write and its commit-log entry would replay that batch on restart,
    // so wait until every query is idle between triggers or parked at the gate.
    while (!safeToInterrupt() && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    for (StreamingQuery query : queries) {
      try {
        query.stop();
      } catch (TimeoutException e) {
        LOG.warn("{}: query {} did not stop in time", job.name(), query.name());
      }
    }
    sinks.values().forEach(Sink::close);
  }

  private boolean safeToInterrupt() {
    if (batchesInFlight.get() > 0) {
      return false;
    }
    for (StreamingQuery query : queries) {
      if (query.isActive() && query.status().isTriggerActive() && !parkedAtGate.contains(query.name())) {
        return false;
      }
    }
    return true;
  }

  List<StreamingQuery> queries() {
    return queries;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
