package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ReservationEvent;
import io.tributary.localstack.LocalStack;
import io.tributary.sample.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka + a Druid cluster: the druid-ingestor job SIGKILLed at random points (mid-transaction included) while
 * reservation events keep arriving; Druid's rows and sums per market must equal the input's exactly.
 */
@Timeout(value = 40, unit = TimeUnit.MINUTES)
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
}
