package io.tributary.druid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ReservationEvent;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.JobValidationException;
import io.tributary.job.Mode;
import io.tributary.job.SinkOptions;
import io.tributary.job.SinkSpecRegistry;
import io.tributary.job.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** job-configs/reservations-druid.conf read with the real druid spec (moved here from common's JobFileTest). */
class ReservationsDruidJobFileTest {
  static final Path JOB = Path.of(System.getProperty("basedir", ".")).resolve("../job-configs/reservations-druid.conf")
      .normalize();

  @Test
  void batchModeReadsTheHiveFormWithVariablesFilled() throws Exception {
    JobSpec job = JobFile.load(JOB, Mode.BATCH, Map.of("ds", "2017-06-05", "from", "2017-06-01", "until", "2017-06-08"),
        SinkSpecRegistry.load());

    SourceSpec.Hive reservations = assertInstanceOf(SourceSpec.Hive.class, job.source("reservations").orElseThrow());
    assertEquals(ReservationEvent.class, reservations.thriftClass());
    assertEquals("SELECT * FROM events.reservations WHERE ds >= '2017-06-01' AND ds < '2017-06-08'",
        reservations.query());
    SinkOptions druid = job.sink("druid").orElseThrow().options();
    assertEquals(List.of("market", "status", "currency", "listing_id"), druid.stringList("dimensions"));
    assertEquals(Map.of("name", "revenue", "type", "doubleSum", "field", "total_price"),
        druid.objectList("metrics").get(3));
    assertEquals("DAY", druid.string("segment_granularity").orElseThrow());
  }

  @Test
  void configAndSupervisorSpecFromTheJobFile() throws Exception {
    JobSpec job = JobFile.load(JOB, Mode.STREAMING, Map.of(), SinkSpecRegistry.load());
    DruidSinkConfig c = DruidSinkConfig.from(job.name(), "druid", job.sink("druid").orElseThrow().options());
    assertEquals(List.of("event_time_ms", "market", "status", "currency", "listing_id", "nights", "guests",
        "total_price"), c.conformedColumns());
    assertEquals("tributary.reservations-druid.druid.p3", c.transactionalId(3));

    String spec = DruidHttp.JSON.writeValueAsString(DruidSpecs.supervisor(c));
    String expected = "{\"type\":\"kafka\",\"id\":\"reservations\",\"spec\":{\"dataSchema\":{\"dataSource\":\"reservations\","
        + "\"timestampSpec\":{\"column\":\"event_time_ms\",\"format\":\"millis\"},"
        + "\"dimensionsSpec\":{\"dimensions\":[\"market\",\"status\",\"currency\",\"listing_id\"]},"
        + "\"metricsSpec\":[{\"type\":\"count\",\"name\":\"count\"},{\"type\":\"longSum\",\"name\":\"nights\",\"fieldName\":\"nights\"},"
        + "{\"type\":\"longSum\",\"name\":\"guests\",\"fieldName\":\"guests\"},{\"type\":\"doubleSum\",\"name\":\"revenue\",\"fieldName\":\"total_price\"}],"
        + "\"granularitySpec\":{\"type\":\"uniform\",\"segmentGranularity\":\"DAY\",\"queryGranularity\":\"HOUR\",\"rollup\":true}},"
        + "\"ioConfig\":{\"topic\":\"druid.reservations\",\"inputFormat\":{\"type\":\"json\"},"
        + "\"consumerProperties\":{\"bootstrap.servers\":\"127.0.0.1:9092\",\"isolation.level\":\"read_committed\"},"
        + "\"useEarliestOffset\":true";
    assertEquals(expected, spec.substring(0, expected.length()));
  }

  /** Splitting a Kafka partition over several Spark tasks would move rows between the sink's per-partition fences. */
  @Test
  void refusesMinPartitionsBecauseTheTransactionsAreFencedPerSparkPartition(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("split.conf");
    Files.writeString(file, Files.readString(JOB)
        .replace("max_offsets_per_trigger = 50000", "max_offsets_per_trigger = 50000, min_partitions = 8"));

    JobValidationException e = assertThrows(JobValidationException.class,
        () -> JobFile.load(file, Mode.STREAMING, Map.of(), SinkSpecRegistry.load()));
    assertTrue(e.getMessage().contains("source[0].min_partitions: not allowed in a job with the druid sink 'druid'"),
        e.getMessage());
  }
}
