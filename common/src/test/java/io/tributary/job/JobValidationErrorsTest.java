package io.tributary.job;

import static io.tributary.job.JobFiles.assertError;
import static io.tributary.job.JobFiles.validWithLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of error: each checks the file, line, key path and message users will see. */
class JobValidationErrorsTest {
    private static final Map<String, String> DS = Map.of("ds", "2017-06-05");

    @TempDir
    Path dir;

    private final JobValidator validator = new JobValidator(ProvisionalSinkSpecs.registry());

    private Path write(String content) {
        return JobFiles.write(dir, "job.conf", content);
    }

    /** Enum and cross-key rules, checked on a test-local sink type: what is tested is validation, not a real sink's keys. */
    private static final SinkOptionsSpec WITH_RULES = new SinkOptionsSpec() {
        @Override
        public String type() {
            return "with_rules";
        }

        @Override
        public java.util.List<OptionSpec> options() {
            return java.util.List.of(
                    OptionSpec.oneOf("segment_granularity", false, "an enum", "HOUR", "DAY", "WEEK", "MONTH"),
                    OptionSpec.optional("metrics", OptionType.OBJECT_LIST, "objects"));
        }

        @Override
        public java.util.List<String> crossCheck(SinkOptions options) {
            return options.objectList("metrics").stream()
                    .filter(metric -> !metric.containsKey("name") || !metric.containsKey("type"))
                    .map(metric -> "every metric needs a name and a type")
                    .distinct()
                    .toList();
        }
    };

    private ValidationResult withRules(Path file) {
        return new JobValidator(ProvisionalSinkSpecs.registry().with(WITH_RULES)).validate(file, Mode.STREAMING, DS);
    }

    private ValidationResult streaming(Path file) {
        return validator.validate(file, Mode.STREAMING, DS);
    }

    @Test
    void baseFileIsValid() {
        Path file = write(JobFiles.VALID);
        assertEquals(0, streaming(file).errors().size(), streaming(file).errors().toString());
        assertEquals(0, validator.validate(file, Mode.BATCH, DS).errors().size());
    }

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        Path file = write(validWithLine(3, "  { name = listings, type = kafka, topics = [listings],"
                + " bootstrap_server = \"127.0.0.1:9092\","));
        ValidationResult result = streaming(file);
        assertError(result, file, 3, "source[0].bootstrap_server",
                "unknown key 'bootstrap_server' (did you mean 'bootstrap_servers'?)");
        assertError(result, file, 3, "source[0].bootstrap_servers", "missing required key 'bootstrap_servers'");
    }

    @Test
    void keyOfTheOtherSourceTypeSaysWhereItBelongs() {
        Path file = write(validWithLine(4, "    thrift_class = io.tributary.events.ListingEvent, query = \"SELECT 1\" }"));
        assertError(streaming(file), file, 4, "source[0].query", "unknown key 'query': only valid with type = hive");
    }

    @Test
    void unknownTopLevelKeyListsTheKnownOnes() {
        Path file = write(JobFiles.VALID + "sinks = []\n");
        assertError(streaming(file), file, 11, "sinks", "unknown key 'sinks' (did you mean 'sink'?)");
    }

    @Test
    void wrongType() {
        Path file = write(validWithLine(4,
                "    thrift_class = io.tributary.events.ListingEvent, max_offsets_per_trigger = lots }"));
        assertError(streaming(file), file, 4, "source[0].max_offsets_per_trigger", "expected an integer, got a string");
    }

    @Test
    void minPartitionsMustBePositive() {
        Path file = write(validWithLine(4,
                "    thrift_class = io.tributary.events.ListingEvent, min_partitions = 0 }"));
        assertError(streaming(file), file, 4, "source[0].min_partitions", "expected a positive number of Spark read tasks");
    }

    @Test
    void wrongTypeOfASinkOption() {
        Path file = write(validWithLine(9, "sink = [ { name = out, input = latest, type = console, truncate = [] } ]"));
        assertError(streaming(file), file, 9, "sink[0].truncate", "expected a boolean, got a list");
    }

    @Test
    void missingRequiredKeyIsReportedAtItsObject() {
        Path file = write(validWithLine(9, "sink = [ { name = out, type = console } ]"));
        assertError(streaming(file), file, 9, "sink[0].input", "missing required key 'input'");
    }

    @Test
    void missingRequiredSinkOption() {
        Path file = write(validWithLine(9, "sink = [ { name = out, input = latest, type = kafka,"
                + " bootstrap_servers = \"127.0.0.1:9092\" } ]"));
        assertError(streaming(file), file, 9, "sink[0].topic", "missing required key 'topic'");
    }

    @Test
    void brokenStepIsStillAKnownInput() {
        Path file = write(validWithLine(8, "process = [ { name = latest, type = sql } ]"));
        ValidationResult result = streaming(file);
        assertError(result, file, 8, "process[0].sql", "missing required key 'sql'");
        assertEquals(1, result.errors().size(), "no knock-on 'unknown input' for the sink: " + result.errors());
    }

    @Test
    void unknownInputSuggestsAKnownName() {
        Path file = write(validWithLine(9, "sink = [ { name = out, input = latets, type = console } ]"));
        assertError(streaming(file), file, 9, "sink[0].input",
                "unknown input 'latets': not a source or process step (did you mean 'latest'?)");
    }

    @Test
    void unknownTableInProcessSql() {
        Path file = write(validWithLine(8,
                "process = [ { name = latest, type = sql, sql = \"SELECT * FROM listing JOIN hosts USING (host_id)\" } ]"));
        ValidationResult result = streaming(file);
        assertError(result, file, 8, "process[0].sql",
                "unknown table 'listing': not a source or process step (did you mean 'listings'?)");
        assertError(result, file, 8, "process[0].sql", "unknown table 'hosts'");
    }

    @Test
    void tablesInSubqueriesAreFoundAndStringLiteralsAreNot() {
        Path file = write(validWithLine(8, "process = [ { name = latest, type = sql, sql = \"SELECT 'FROM nowhere'"
                + " FROM listings WHERE host_id IN (SELECT host_id FROM banned)\" } ]"));
        ValidationResult result = streaming(file);
        assertError(result, file, 8, "process[0].sql", "unknown table 'banned'");
        assertEquals(1, result.errors().size(), result.errors().toString());
    }

    @Test
    void sqlThatDoesNotParse() {
        Path file = write(validWithLine(8,
                "process = [ { name = latest, type = sql, sql = \"SELECT listing_id FORM listings\" } ]"));
        assertError(streaming(file), file, 8, "process[0].sql", "SQL does not parse: [PARSE_SYNTAX_ERROR]");
    }

    @Test
    void sqlMustBeAQuery() {
        Path file = write(validWithLine(8,
                "process = [ { name = latest, type = sql, sql = \"INSERT INTO listings SELECT * FROM listings\" } ]"));
        assertError(streaming(file), file, 8, "process[0].sql",
                "expected a query (SELECT, WITH or VALUES), not a command (InsertIntoStatement)");
        Path hive = JobFiles.write(dir, "hive.conf", validWithLine(5,
                "  { name = listings, type = hive, query = \"DROP TABLE events.listings\","));
        assertError(validator.validate(hive, Mode.BATCH, DS), hive, 5, "source[1].query",
                "expected a query (SELECT, WITH or VALUES), not a command (DropTable)");
    }

    @Test
    void cycleIsPrintedAsAPath() {
        Path file = write(validWithLine(8, """
                process = [
                  { name = a, type = sql, sql = "SELECT * FROM c JOIN listings USING (listing_id)" }
                  { name = b, type = sql, sql = "SELECT * FROM a" }
                  { name = c, type = sql, sql = "SELECT * FROM b" }
                  { name = latest, type = sql, sql = "SELECT * FROM latest" }
                ]"""));
        ValidationResult result = streaming(file);
        assertError(result, file, 9, "process[0].sql", "cycle between process steps: a -> c -> b -> a");
        assertError(result, file, 12, "process[3].sql", "cycle between process steps: latest -> latest");
        assertEquals(2, result.errors().size(), result.errors().toString());
    }

    @Test
    void unknownThriftClass() {
        Path file = write(validWithLine(4, "    thrift_class = io.tributary.events.ListingEvnt }"));
        assertError(streaming(file), file, 4, "source[0].thrift_class",
                "unknown Thrift class 'io.tributary.events.ListingEvnt': not on the classpath");
    }

    @Test
    void classThatIsNotAThriftStruct() {
        Path file = write(validWithLine(4, "    thrift_class = java.lang.String }"));
        assertError(streaming(file), file, 4, "source[0].thrift_class",
                "class 'java.lang.String' is not a Thrift struct: it does not implement io.tributary.shaded.thrift.TBase");
    }

    @Test
    void duplicateSourceOfOneType() {
        Path file = write(validWithLine(5, "  { name = listings, type = kafka, topics = [x],"
                + " bootstrap_servers = \"127.0.0.1:9092\""));
        assertError(streaming(file), file, 5, "source[1].name",
                "duplicate source 'listings' of type kafka (first at line 3)");
    }

    @Test
    void duplicateStepAndSourceNamesAndSinks() {
        Path file = write(validWithLine(8, """
                process = [
                  { name = latest, type = sql, sql = "SELECT * FROM listings" }
                  { name = LATEST, type = sql, sql = "SELECT * FROM listings" }
                  { name = listings, type = sql, sql = "SELECT 1" }
                ]
                sink = [ { name = out, input = latest, type = console }, { name = out, input = latest, type = console } ]
                """).replace("sink = [ { name = out, input = latest, type = console } ]\n", ""));
        ValidationResult result = streaming(file);
        assertError(result, file, 10, "process[1].name", "duplicate process step 'LATEST' (first at line 9)");
        assertError(result, file, 11, "process[2].name", "duplicate name 'listings': a source already has it");
        assertError(result, file, 13, "sink[1].name", "duplicate sink 'out' (first at line 13)");
    }

    @Test
    void badProtocol() {
        Path file = write(validWithLine(4, "    thrift_class = io.tributary.events.ListingEvent, protocol = compakt }"));
        assertError(streaming(file), file, 4, "source[0].protocol",
                "expected binary | compact, got 'compakt' (did you mean 'compact'?)");
    }

    @Test
    void badStartingOffsets() {
        Path word = write(validWithLine(4,
                "    thrift_class = io.tributary.events.ListingEvent, starting_offsets = earlist }"));
        assertError(streaming(word), word, 4, "source[0].starting_offsets",
                "expected earliest, latest or per-partition JSON such as {\"topic\":{\"0\":23}}, got 'earlist'"
                        + " (did you mean 'earliest'?)");

        Path json = JobFiles.write(dir, "json.conf", validWithLine(4, "    thrift_class = io.tributary.events.ListingEvent,"
                + " starting_offsets = \"\"\"{\"reservations\":{\"0\":5}}\"\"\" }"));
        assertError(streaming(json), json, 4, "source[0].starting_offsets",
                "offsets given for topic 'reservations', which is not in topics");
    }

    @Test
    void badSinkEnumOption() {
        Path file = write(JobFiles.VALID.replace("type = console }", "type = with_rules,"
                + " segment_granularity = daily }"));
        assertError(withRules(file), file, 9, "sink[0].segment_granularity",
                "expected HOUR | DAY | WEEK | MONTH, got 'daily'");
    }

    @Test
    void sinkModuleNotOnTheClasspath() {
        Path file = write(validWithLine(9, "sink = [ { name = out, input = latest, type = elasticsearch, index = x } ]"));
        ValidationResult result = new JobValidator().validate(file, Mode.STREAMING, DS);
        assertError(result, file, 9, "sink[0].type",
                "sink type 'elasticsearch' is not available: its module es-indexer is not on the classpath");
        assertEquals(1, result.errors().size(), "sink keys cannot be judged without the sink's spec");
    }

    @Test
    void unknownSinkType() {
        Path file = write(validWithLine(9, "sink = [ { name = out, input = latest, type = elasticserch } ]"));
        assertError(streaming(file), file, 9, "sink[0].type", "unknown sink type 'elasticserch', expected one of"
                + " console | druid | elasticsearch | hbase_update | kafka (did you mean 'elasticsearch'?)");
    }

    @Test
    void sinkCrossCheck() {
        Path file = write(JobFiles.VALID.replace("type = console }", "type = with_rules,"
                + " metrics = [ { name = n } ] }"));
        assertError(withRules(file), file, 9, "sink[0]", "every metric needs a name and a type");
    }

    @Test
    void modeWhoseSourceFormIsMissingNamesTheSource() {
        Path file = write(validWithLine(5, "  { name = other, type = kafka, topics = [x], bootstrap_servers = b,"));
        assertError(validator.validate(file, Mode.BATCH, DS), file, 3, "source[0]",
                "source 'listings' has no type = hive form, which --mode batch reads");
        assertError(validator.validate(file, Mode.BATCH, DS), file, 5, "source[1]",
                "source 'other' has no type = hive form, which --mode batch reads");
        assertEquals(0, streaming(file).errors().size(), streaming(file).errors().toString());
    }

    @Test
    void missingQueryVariableMattersOnlyInBatch() {
        Path file = write(JobFiles.VALID);
        assertError(validator.validate(file, Mode.BATCH, Map.of()), file, 5, "source[1].query",
                "variable ${ds} has no value; pass --var ds=VALUE");
        assertEquals(0, validator.validate(file, Mode.STREAMING, Map.of()).errors().size());
    }

    @Test
    void unquotedVariableIsCaughtBeforeHoconFails() {
        Path file = write(validWithLine(5, "  { name = listings, type = hive, query = \"SELECT * FROM t WHERE ds = \"${ds},"));
        assertError(streaming(file), file, 5, "source[1].query",
                "HOCON cannot resolve ${ds}; Hive query variables must be inside a quoted string");
    }

    @Test
    void hoconSyntaxError() {
        Path file = write(validWithLine(9, "sink = [ { name = out, input = latest, type = console } "));
        ValidationResult result = streaming(file);
        assertEquals(1, result.errors().size());
        ValidationError error = result.errors().get(0);
        assertEquals(file, error.file());
        assertTrue(error.line() >= 9, error.toString());
        assertEquals("(file)", error.keyPath());
    }

    @Test
    void streamingNeedsACheckpointDirectory() {
        Path file = write(validWithLine(10, "streaming { trigger_interval = 10s }"));
        assertError(streaming(file), file, 10, "streaming.checkpoint_dir", "missing required key 'checkpoint_dir'");
        assertEquals(0, validator.validate(file, Mode.BATCH, DS).errors().size());
    }

    @Test
    void sparkOwnedKafkaOptionsAreRefused() {
        Path file = write(validWithLine(4, "    thrift_class = io.tributary.events.ListingEvent,"
                + " kafka_options { \"auto.offset.reset\" = earliest, \"kafka.acks\" = all } }"));
        ValidationResult result = streaming(file);
        assertError(result, file, 4, "source[0].kafka_options.\"auto.offset.reset\"", "use starting_offsets");
        assertError(result, file, 4, "source[0].kafka_options.\"kafka.acks\"", "without the 'kafka.' prefix");
    }

    @Test
    void deadLetterTypeAndKeys() {
        Path file = write(JobFiles.VALID + "dead_letter { type = s3, paht = /tmp/dl }\n");
        ValidationResult result = streaming(file);
        assertError(result, file, 11, "dead_letter.type", "expected kafka | path, got 's3'");
    }

    @Test
    void everyErrorIsCollectedNotJustTheFirst() {
        Path file = write("""
                job { }
                source = [ { name = 1bad, type = kafka, topics = [t], bootstrap_servers = b, thrift_class = x.Y } ]
                process = [ { name = p, type = python, sql = "SELECT * FROM nope" } ]
                sink = [ { name = s, input = q, type = console, colour = red } ]
                streaming { checkpoint_dir = /tmp/c, trigger_interval = soon }
                """);
        ValidationResult result = streaming(file);
        assertError(result, file, 1, "job.name", "missing required key 'name'");
        assertError(result, file, 2, "source[0].name", "'1bad' is not a SQL identifier");
        assertError(result, file, 2, "source[0].thrift_class", "unknown Thrift class 'x.Y'");
        assertError(result, file, 3, "process[0].type", "expected sql, got 'python'");
        assertError(result, file, 3, "process[0].sql", "unknown table 'nope'");
        assertError(result, file, 4, "sink[0].input", "unknown input 'q'");
        assertError(result, file, 4, "sink[0].colour", "unknown key 'colour'");
        assertError(result, file, 5, "streaming.trigger_interval", "expected a duration such as 10s, got a string");
        assertEquals(8, result.errors().size(), result.errors().toString());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.conf");
        ValidationResult result = streaming(file);
        assertEquals(1, result.errors().size());
        assertEquals("(file)", result.errors().get(0).keyPath());
        assertTrue(result.errors().get(0).toString().startsWith(file.toString()), result.errors().toString());
    }
}
