package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.localstack.LocalStack;
import io.tributary.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka + Elasticsearch: the es-indexer job SIGKILLed at random points while listing events keep arriving. */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ElasticsearchFaultsTest {
  private static final String NAME = "faults-es";
  private static final FaultSizes SIZES = FaultSizes.fromSystemProperties();
  private static LocalStack stack;
  private static Path work;

  @BeforeAll
  static void startServers() {
    stack = FaultStack.of(NAME);
    stack.kafka().start();
    stack.elasticsearch().start();
    work = FaultStack.workDir(NAME);
  }

  @AfterAll
  static void stopServers() {
    if (stack != null) {
      stack.clean();
    }
    TempDirs.delete(work);
  }

  @Test
  void everyListingEndsAtItsNewestMutationAfterRepeatedSigkills() throws Exception {
    List<ListingEvent> events = ListingStreams.events(SIZES);
    ListingState expected = new ListingState(events);
    Path crashWork = work.resolve("crash");
    Path job = FaultJobs.elasticsearch(crashWork, "crash-es", stack.kafka().bootstrapServers(), "listings-crash",
        stack.elasticsearch().httpUrl(), "listings_crash");
    EsDocuments es = new EsDocuments(stack.elasticsearch().httpUrl());
    CrashScenario crash = new CrashScenario("es-crash", crashWork, new Topics(stack.kafka().bootstrapServers()),
        "listings-crash", job, Checkpoint.of(FaultJobs.checkpointDir(crashWork), "es"), SIZES);

    Figures figures = crash.run(ListingStreams.payloads(events),
        () -> expected.compare("es-crash", es.visible("listings_crash")), Duration.ofMinutes(2));

    assertTrue(figures.exact(), figures.line());
  }
}
