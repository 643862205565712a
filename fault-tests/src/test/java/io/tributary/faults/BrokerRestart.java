package io.tributary.faults;

import io.tributary.localstack.Server;
import io.tributary.localstack.ServerStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the local stack's Kafka broker and starts it again on the same ports and data dir after {@code down}, as an
 * operator's rolling restart of a one-broker cluster would: clients see the broker disappear, then come back.
 */
record BrokerRestart(Server kafka, Duration down) {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerRestart.class);

  static BrokerRestart of(Server kafka, Duration down) {
    return new BrokerRestart(kafka, down);
  }

  void run() throws InterruptedException {
    LOG.info("stopping the Kafka broker for {}", down);
    kafka.stop();
    Thread.sleep(down.toMillis());
    ServerStatus status = kafka.start();
    if (!status.healthy()) {
      throw new AssertionError("Kafka did not come back: " + status.describe());
    }
    LOG.info("Kafka broker back: {}", status.describe());
  }
}
