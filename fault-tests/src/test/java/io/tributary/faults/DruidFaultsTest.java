package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ReservationEvent;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.Server;
import io.tributary.sample.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka + a Druid cluster: the druid-ingestor job SIGKILLed at random points (mid-transaction included) while
 * reservation events keep arriving, then Druid's overlord (with the coordinator and the metadata store, one
 * process) stopped for a while mid-run; each time Druid's rows and sums per market must equal the input's exactly.
 */
@Timeout(value = 40, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DruidFaultsTest {
  private static final String NAME = "faults-druid";
  private static final FaultSizes SIZES = FaultSizes.fromSystemProperties();
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;

  @BeforeAll
  static void startServers() {
    servers = FaultStack.start(NAME, LocalStack::kafka, LocalStack::druid);
    stack = servers.stack();
    work = servers.work();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  static List<ReservationEvent> reservations(FaultSizes sizes) {
    return SampleEvents.stream().seed(sizes.seed()).entities(sizes.entities(2)).mutationsPerEntity(2)
        .deleteRate(0.05).duplicateRate(0.05).outOfOrder(true).spanDays(3).reservations();
  }

  static List<PacedProducer.Payload> payloads(List<ReservationEvent> events) {
    return events.stream().map(e -> new PacedProducer.Payload(
        Long.toString(e.getReservation_id()).getBytes(StandardCharsets.UTF_8), SampleEvents.binary(e))).toList();
  }

  @Test
  @Order(1)
  void sumsStayExactAfterRepeatedSigkills() throws Exception {
    List<ReservationEvent> events = reservations(SIZES);
    Path crashWork = work.resolve("crash");
    Path job = FaultJobs.druid(crashWork, "crash-druid", stack.kafka().bootstrapServers(), "reservations-crash",
        "reservations_crash", stack.druid().overlordUrl(), stack.druid().brokerUrl());
    DruidSums druid = new DruidSums(stack.druid().brokerUrl(), "reservations_crash", events);
    CrashScenario crash = new CrashScenario("druid-crash", crashWork, new Topics(stack.kafka().bootstrapServers()),
        "reservations-crash", job, Checkpoint.of(FaultJobs.checkpointDir(crashWork), "druid"), SIZES);

    Figures figures = crash.run(payloads(events), () -> druid.compare("druid-crash"), Duration.ofMinutes(4)).print();

    assertTrue(figures.exact(), figures.line() + "\nexpected " + druid.expected() + "\nactual   " + druid.actual());
  }

  @Test
  @Order(2)
  void sumsStayExactWhenTheOverlordIsDownMidRun() throws Exception {
    OutageSizes sizes = OutageSizes.fromSystemProperties();
    long started = System.nanoTime();
    List<ReservationEvent> events = SampleEvents.stream().seed(33).entities(sizes.events() / 2).mutationsPerEntity(2)
        .duplicateRate(0.05).outOfOrder(true).spanDays(3).reservations();
    String bootstrap = stack.kafka().bootstrapServers();
    Path outageWork = work.resolve("outage");
    new Topics(bootstrap).create("reservations-outage", 2);
    Path jobFile = FaultJobs.druid(outageWork, "outage-druid", bootstrap, "reservations-outage",
        "reservations_outage", stack.druid().overlordUrl(), stack.druid().brokerUrl());
    DruidSums druid = new DruidSums(stack.druid().brokerUrl(), "reservations_outage", events);
    List<PacedProducer.Payload> all = payloads(events);
    int head = all.size() / 20;
    Server overlord = stack.druid().overlordProcess();

    try (JobProcess job = JobProcess.streaming(jobFile, outageWork.resolve("job"), outageWork.resolve("job.log"));
         PacedProducer first = new PacedProducer(bootstrap, "reservations-outage", all.subList(0, head), Duration.ZERO);
         PacedProducer rest = new PacedProducer(bootstrap, "reservations-outage", all.subList(head, all.size()),
             sizes.producing())) {
      first.start().awaitAllAcknowledged(Duration.ofMinutes(1));
      OutageRun.awaitFirstBatch(job);
      rest.start();
      Thread.sleep(sizes.beforeOutage().toMillis());
      overlord.stop();
      Thread.sleep(sizes.outage().toMillis());
      assertTrue(job.isAlive(), "the job died while the overlord was down:\n" + job.tail(80));
      OutageRun.ensureHealthy(overlord);
      rest.awaitAllAcknowledged(Duration.ofMinutes(5));

      Figures figures = druid.compare("druid-overlord-outage");
      long deadline = System.nanoTime() + Duration.ofMinutes(sizes.full() ? 8 : 5).toNanos();
      while (!figures.exact() && System.nanoTime() < deadline && figures.duplicated() == 0) {
        Thread.sleep(3_000);
        figures = druid.compare("druid-overlord-outage");
      }
      figures = figures.withRun(0, Duration.ofNanos(System.nanoTime() - started).toSeconds()).print();
      assertTrue(figures.exact(), figures.line() + "\nexpected " + druid.expected() + "\nactual   " + druid.actual());
      assertTrue(job.isAlive(), "the job ended:\n" + job.tail(80));
      assertEquals(0, job.stopGracefully(), job.tail(60));
    }
  }
}
