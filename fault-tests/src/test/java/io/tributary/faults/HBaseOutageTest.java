package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localstack.LocalStack;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka + HBase: HBase (master, region server and its ZooKeeper, one process) stopped for a while mid-run. */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class HBaseOutageTest {
  private static final String NAME = "outage-hbase";
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;

  @BeforeAll
  static void startServers() {
    servers = FaultStack.start(NAME, LocalStack::kafka, LocalStack::hbase);
    stack = servers.stack();
    work = servers.work();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void theJobRidesOutAnOutageAndLosesNothing() throws Exception {
    Figures figures = StoreOutage.run(new HBaseStore(stack), stack.kafka().bootstrapServers(), work,
        OutageSizes.fromSystemProperties(), 32);
    assertTrue(figures.exact(), figures.line());
  }
}
