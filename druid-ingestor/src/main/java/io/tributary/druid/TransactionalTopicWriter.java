package io.tributary.druid;

import io.tributary.sink.SinkWriteException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one Spark partition of one micro-batch to the Druid ingest topic in ONE Kafka transaction, exactly once:
 *
 * <ul>
 *   <li>The transactional id is stable per (job, sink, partition), so {@code initTransactions} in a restarted
 *       driver aborts whatever transaction a killed predecessor left open: its rows never become visible to Druid's
 *       {@code read_committed} consumer.</li>
 *   <li>The fence is the Spark batch id, committed INSIDE the same transaction as the rows (as the offset of a
 *       per-partition consumer group, via {@code sendOffsetsToTransaction}). Rows and fence are visible together or
 *       not at all. A replayed batch (Spark replays the last batch whose checkpoint commit it did not record) whose
 *       fence is already >= its id is skipped.</li>
 * </ul>
 *
 * Relies on what Spark guarantees for a replay: same batch id, same source offsets, hence the same rows in the
 * same partitions for a deterministic job.
 */
final class TransactionalTopicWriter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TransactionalTopicWriter.class);

  /** One producer per transactional id per JVM: initTransactions once, not once per batch. */
  private static final Map<String, KafkaProducer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();
  private static final Map<String, Admin> ADMINS = new ConcurrentHashMap<>();

  /**
   * Test-only points to kill the process at: after a partition's rows are sent and flushed but before the commit,
   * and after the commit (before Spark records the batch). Executors share the driver's JVM in local mode.
   */
  static volatile Hook afterSend;
  static volatile Hook afterCommit;

  interface Hook {
    void at(long batchId, int partition, long rows);
  }

  private final DruidSinkConfig config;

  TransactionalTopicWriter(DruidSinkConfig config) {
    this.config = config;
  }

  /** Returns {rows written, rows skipped because this batch's partition had already committed}. */
  long[] write(int partition, long batchId, Iterator<byte[]> rows) {
    String txId = config.transactionalId(partition);
    KafkaProducer<byte[], byte[]> producer = PRODUCERS.computeIfAbsent(txId, this::newProducer);
    synchronized (producer) {
      long fence = lastCommittedBatch(partition);
      if (fence >= batchId) {
        long skipped = 0;
        while (rows.hasNext()) {
          rows.next();
          skipped++;
        }
        LOG.info("{}/{}: batch {} partition {} already committed to {} (fence {}); skipping {} rows on replay",
            config.jobName(), config.sinkName(), batchId, partition, config.topic(), fence, skipped);
        return new long[] {0, skipped};
      }
      long sent = 0;
      try {
        producer.beginTransaction();
        while (rows.hasNext()) {
          producer.send(new ProducerRecord<>(config.topic(), rows.next()));
          sent++;
        }
        if (afterSend != null) {
          producer.flush();
          afterSend.at(batchId, partition, sent);
        }
        producer.sendOffsetsToTransaction(
            Map.of(fenceSlot(), new OffsetAndMetadata(batchId + 1, "tributary batch " + batchId)),
            new ConsumerGroupMetadata(config.fenceGroup(partition)));
        producer.commitTransaction();
      } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
        // fatal for this producer: another instance owns the id now, or the broker refuses us
        evict(txId, producer);
        throw failure(batchId, partition, sent, e);
      } catch (KafkaException e) {
        try {
          producer.abortTransaction();
        } catch (KafkaException abortFailed) {
          e.addSuppressed(abortFailed);
          evict(txId, producer);
        }
        throw failure(batchId, partition, sent, e);
      }
      if (afterCommit != null) {
        afterCommit.at(batchId, partition, sent);
      }
      return new long[] {sent, 0};
    }
  }

  private SinkWriteException failure(long batchId, int partition, long sent, Exception e) {
    return new SinkWriteException("druid (kafka " + config.bootstrapServers() + ")",
        "datasource " + config.datasource() + " topic " + config.topic(),
        "batch " + batchId + " partition " + partition + " (after " + sent + " rows)", e.toString(), e);
  }

  /** The partition the fence offsets are committed for: any existing one works; the topic's first is always there. */
  private TopicPartition fenceSlot() {
    return new TopicPartition(config.topic(), 0);
  }

  /** The batch id this partition last committed, -1 if none. requireStable: a pending commit is waited for. */
  private long lastCommittedBatch(int partition) {
    Admin admin = ADMINS.computeIfAbsent(adminKey(config), key -> Admin.create(clientProperties()));
    String group = config.fenceGroup(partition);
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group,
              new ListConsumerGroupOffsetsOptions().requireStable(true))
          .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
      OffsetAndMetadata fence = offsets.get(fenceSlot());
      return fence == null ? -1 : fence.offset() - 1;
    } catch (ExecutionException | TimeoutException e) {
      throw new SinkWriteException("druid (kafka " + config.bootstrapServers() + ")", "fence group " + group,
          "partition " + partition, "cannot read the last committed batch: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkWriteException("druid", "fence group " + group, "partition " + partition, "interrupted", e);
    }
  }

  private Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(config.producerOptions());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    return p;
  }

  private KafkaProducer<byte[], byte[]> newProducer(String transactionalId) {
    Properties p = clientProperties();
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
    // not overridable: exactly-once depends on them
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
    // aborts a transaction a dead predecessor with this id left open, and fences it should it still be alive
    producer.initTransactions();
    LOG.info("transactional producer {} ready for topic {}", transactionalId, config.topic());
    return producer;
  }

  private static void evict(String txId, KafkaProducer<byte[], byte[]> producer) {
    PRODUCERS.remove(txId, producer);
    try {
      producer.close(java.time.Duration.ofSeconds(5));
    } catch (KafkaException e) {
      LOG.warn("closing producer {} failed: {}", txId, e.toString());
    }
  }

  /** Closes this JVM's producers of the given sink and the admin client of its brokers (driver side, on job stop). */
  static void closeAll(DruidSinkConfig config) {
    String prefix = "tributary." + config.jobName() + "." + config.sinkName() + ".p";
    PRODUCERS.entrySet().removeIf(e -> {
      if (e.getKey().startsWith(prefix)) {
        e.getValue().close(java.time.Duration.ofSeconds(5));
        return true;
      }
      return false;
    });
    Admin admin = ADMINS.remove(adminKey(config));
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(5));
    }
  }

  private static String adminKey(DruidSinkConfig config) {
    return config.bootstrapServers() + "|" + config.producerOptions().hashCode();
  }
}
