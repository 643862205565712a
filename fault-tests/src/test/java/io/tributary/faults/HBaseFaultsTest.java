package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.hbase.HBaseClients;
import io.tributary.localstack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka + HBase: the hbase-writer job SIGKILLed at random points while listing events keep arriving. */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class HBaseFaultsTest {
  private static final String NAME = "faults-hbase";
  private static final FaultSizes SIZES = FaultSizes.fromSystemProperties();
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
    HBaseClients.closeAll(); // before HBase goes: its ZooKeeper client would retry for the rest of the JVM
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void everyRowEndsAtItsNewestMutationAfterRepeatedSigkills() throws Exception {
    List<ListingEvent> events = ListingStreams.events(SIZES);
    ListingState expected = new ListingState(events);
    Path crashWork = work.resolve("crash");
    Path job = FaultJobs.hbase(crashWork, "crash-hbase", stack.kafka().bootstrapServers(), "listings-crash",
        stack.hbase().zookeeperQuorum(), "tributary:listings_crash");
    HBaseRows hbase = new HBaseRows(job, "hbase");
    CrashScenario crash = new CrashScenario("hbase-crash", crashWork, new Topics(stack.kafka().bootstrapServers()),
        "listings-crash", job, Checkpoint.of(FaultJobs.checkpointDir(crashWork), "hbase"), SIZES);

    Figures figures = crash.run(ListingStreams.payloads(events),
        () -> expected.compare("hbase-crash", hbase.visible(expected.ids())), Duration.ofMinutes(1)).print();

    assertTrue(figures.exact(), figures.line());
  }
}
