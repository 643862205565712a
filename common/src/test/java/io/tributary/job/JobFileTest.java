package io.tributary.job;

import io.tributary.schema.WireProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.events.ReservationEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileTest {
    @TempDir
    Path dir;

    // streamingModeReadsTheKafkaFormWithTypedSettings (listings-es.conf) lives in es-indexer's ListingsEsJobFileTest:
    // its sink needs the real elasticsearch spec.

    // batchModeReadsTheHiveFormWithVariablesFilled (reservations-druid.conf) lives in druid-ingestor's
    // ReservationsDruidJobFileTest: its sink needs the real druid spec.

    @Test
    void processStepsComeInExecutionOrderWhateverTheDeclarationOrder() throws Exception {
        Path file = JobFiles.write(dir, "order.conf", JobFiles.validWithLine(8, """
                process = [
                  { name = report, type = sql, sql = "SELECT * FROM enriched JOIN latest USING (listing_id)" }
                  { name = enriched, type = sql, sql = "WITH recent AS (SELECT * FROM latest) SELECT * FROM recent" }
                  { name = latest, type = sql, sql = "SELECT listing_id, title FROM listings" }
                ]"""));

        JobSpec job = JobFile.load(file, Mode.STREAMING, Map.of());

        assertEquals(List.of("latest", "enriched", "report"), job.process().stream().map(ProcessStep::name).toList());
        assertEquals(Set.of("latest"), job.step("enriched").orElseThrow().inputs(), "a CTE name is not an input");
        assertEquals(Set.of("enriched", "latest"), job.step("report").orElseThrow().inputs());
    }

    @Test
    void startingOffsetsAcceptSparkJsonAsStringOrObject() throws Exception {
        Path asString = JobFiles.write(dir, "json.conf", JobFiles.validWithLine(4,
                "    thrift_class = io.tributary.events.ListingEvent,"
                        + " starting_offsets = \"\"\"{\"listings\":{\"0\":23,\"1\":-2}}\"\"\" }"));
        Path asObject = JobFiles.write(dir, "object.conf", JobFiles.validWithLine(4,
                "    thrift_class = io.tributary.events.ListingEvent,"
                        + " starting_offsets { listings { \"0\" = 23, \"1\" = -2 } } }"));

        for (Path file : List.of(asString, asObject)) {
            SourceSpec.Kafka kafka = (SourceSpec.Kafka) JobFile.load(file, Mode.STREAMING, Map.of()).sources().get(0);
            assertEquals("{\"listings\":{\"0\":23,\"1\":-2}}", kafka.startingOffsets());
        }
    }

    @Test
    void invalidFileThrowsWithEveryError() {
        Path file = JobFiles.write(dir, "bad.conf", JobFiles.validWithLine(9,
                "sink = [ { name = out, input = nowhere, type = console, num_rowz = 3 } ]"));

        JobValidationException e = assertThrows(JobValidationException.class,
                () -> JobFile.load(file, Mode.STREAMING, Map.of()));

        assertEquals(2, e.errors().size(), e.getMessage());
        assertTrue(e.getMessage().contains(file + ":9: sink[0].input: unknown input 'nowhere'"), e.getMessage());
        assertTrue(e.getMessage().contains(file + ":9: sink[0].num_rowz: unknown key 'num_rowz'"), e.getMessage());
    }

    @Test
    void consoleAndKafkaSinkSpecsComeFromServiceLoader() {
        SinkSpecRegistry registry = SinkSpecRegistry.load();
        assertTrue(registry.find("console").isPresent());
        assertTrue(registry.find("kafka").isPresent());
        assertTrue(registry.find("elasticsearch").isEmpty(), "common must not know the ES sink");
    }

    @Test
    void varsParseNameEqualsValue() {
        assertEquals(Map.of("ds", "2017-06-05", "filter", "a=b"), JobFile.parseVars(List.of("ds=2017-06-05", "filter=a=b")));
        assertThrows(IllegalArgumentException.class, () -> JobFile.parseVars(List.of("ds")));
    }
}
