package io.tributary.faults;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to a topic from its own thread, spread evenly over a duration, so the job under test is killed
 * (or its broker restarted) while events keep arriving. Idempotent with acks=all and unbounded retries: a broker
 * restart delays records but neither loses nor duplicates them, so the topic holds exactly what was given.
 */
final class PacedProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PacedProducer.class);

  /** A record to send: the key routes it to a partition, the value is what the job decodes (or refuses). */
  record Payload(byte[] key, byte[] value) {}

  private final String topic;
  private final List<Payload> payloads;
  private final Duration spread;
  private final KafkaProducer<byte[], byte[]> producer;
  private final long[] offsets;
  private final int[] partitions;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  PacedProducer(String bootstrapServers, String topic, List<Payload> payloads, Duration spread) {
    this.topic = topic;
    this.payloads = payloads;
    this.spread = spread;
    this.offsets = new long[payloads.size()];
    this.partitions = new int[payloads.size()];
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
    // Long enough to ride out a broker restart without giving up on a record.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::produceAll, "paced-producer-" + topic);
  }

  PacedProducer start() {
    thread.start();
    return this;
  }

  private void produceAll() {
    long startNanos = System.nanoTime();
    long perRecordNanos = spread.toNanos() / Math.max(1, payloads.size());
    try {
      for (int i = 0; i < payloads.size() && failure.get() == null; i++) {
        long due = startNanos + i * perRecordNanos;
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int index = i;
        producer.send(new ProducerRecord<>(topic, payloads.get(i).key(), payloads.get(i).value()), (meta, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          } else {
            offsets[index] = meta.offset();
            partitions[index] = meta.partition();
            acknowledged.incrementAndGet();
          }
        });
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Waits until every record is acknowledged; fails if any could not be written. */
  void awaitAllAcknowledged(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (failure.get() != null) {
      throw new AssertionError("producer failed after " + acknowledged.get() + " records", failure.get());
    }
    if (thread.isAlive() || acknowledged.get() != payloads.size()) {
      throw new AssertionError("producer: " + acknowledged.get() + " of " + payloads.size() + " acknowledged after "
          + timeout);
    }
    LOG.info("{}: all {} records acknowledged", topic, payloads.size());
  }

  boolean done() {
    return !thread.isAlive();
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Where record {@code index} landed: "topic/partition/offset", as dead letters name their source. */
  String position(int index) {
    return topic + "/" + partitions[index] + "/" + offsets[index];
  }

  @Override
  public void close() {
    thread.interrupt();
    producer.close(Duration.ofSeconds(10));
  }
}
