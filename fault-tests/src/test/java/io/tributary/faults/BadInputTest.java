package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localstack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad job files and bad command lines, given to {@code TributaryMain run} in its own JVM as a user would: each must
 * end with a non-zero exit and an error naming the file, key or flag and what was expected, having written nothing
 * (no output or dead-letter topic, no checkpoint, no work dir).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BadInputTest {
  private static final String NAME = "faults-bad-input";
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;

  /** A case: what is given, and the fragments the error must contain. */
  record Case(String name, int exit, List<String> args, List<String> errorMentions) {}

  @BeforeAll
  static void startKafka() {
    servers = FaultStack.start(NAME, LocalStack::kafka);
    stack = servers.stack();
    work = servers.work();
  }

  @AfterAll
  static void stopKafka() {
    if (servers != null) {
      servers.close();
    }
  }

  /** A job that would run: listings from Kafka to a Kafka topic, dead letters to another. */
  private String validJob() {
    return """
        job { name = bad-input }
        source = [ { name = listings, type = kafka, topics = [bad-in], bootstrap_servers = "%s"
                     thrift_class = io.tributary.events.ListingEvent, protocol = compact
                     starting_offsets = earliest } ]
        process = [ { name = latest, type = sql, sql = "SELECT listing_id, mutation_id FROM listings" } ]
        sink = [ { name = out, input = latest, type = kafka, topic = bad-out, bootstrap_servers = "%s" } ]
        streaming { trigger_interval = 1s, checkpoint_dir = "%s" }
        dead_letter { type = kafka, topic = bad-dead-letters }
        """.formatted(stack.kafka().bootstrapServers(), stack.kafka().bootstrapServers(), work.resolve("checkpoints"));
  }

  private Path jobFile(String name, String from, String to) throws Exception {
    String valid = validJob();
    assertTrue(valid.contains(from), "the case must change the job: " + from);
    return FaultJobs.write(work.resolve("jobs"), name, valid.replace(from, to));
  }

  private List<Case> cases() throws Exception {
    Path valid = FaultJobs.write(work.resolve("jobs"), "valid", validJob());
    List<Case> cases = new ArrayList<>();
    for (String[] broken : new String[][] {
        // name, what is replaced, by what, what the error must mention
        {"syntax-error", "process = [", "process = [ {", "syntax-error.conf"},
        {"unknown-sink-type", "type = kafka, topic = bad-out", "type = elasticsearc, topic = bad-out", "sink[0].type"},
        {"missing-key", "type = kafka, topic = bad-out,", "type = kafka,", "missing required key 'topic'"},
        {"wrong-type", "starting_offsets = earliest", "starting_offsets = earliest, max_offsets_per_trigger = lots",
            "max_offsets_per_trigger"},
        {"unknown-thrift-class", "io.tributary.events.ListingEvent", "io.tributary.events.ListingEvnt", "thrift_class"},
        {"unknown-table-in-sql", "FROM listings", "FROM listing", "unknown table 'listing'"},
        {"no-checkpoint-dir", "streaming { trigger_interval = 1s, checkpoint_dir", "streaming { trigger_interval = 1s,"
            + " checkpoint_directory", "checkpoint_dir"}}) {
      Path file = jobFile(broken[0], broken[1], broken[2]);
      cases.add(new Case(broken[0], 1, runArgs(file, "streaming"), List.of(file.getFileName().toString(), broken[3])));
    }
    String v = valid.toString();
    cases.add(new Case("missing --job", 2, List.of("run", "--mode", "streaming"), List.of("--job")));
    cases.add(new Case("unknown --mode", 2, List.of("run", "--job", v, "--mode", "sometimes"),
        List.of("unknown mode 'sometimes'", "streaming or batch")));
    cases.add(new Case("unknown flag", 2, List.of("run", "--job", v, "--mode", "streaming", "--frobnicate", "x"),
        List.of("unknown option '--frobnicate'")));
    cases.add(new Case("flag without value", 2, List.of("run", "--job", v, "--mode"), List.of("--mode needs a value")));
    cases.add(new Case("job file missing", 2, runArgs(work.resolve("jobs/nowhere.conf"), "streaming"),
        List.of("nowhere.conf", "does not exist")));
    cases.add(new Case("bad --conf", 2, List.of("run", "--job", v, "--mode", "streaming", "--conf", "spark.x"),
        List.of("expected --conf key=value")));
    cases.add(new Case("unknown command", 2, List.of("launch", "--job", v), List.of("unknown command 'launch'")));
    return cases;
  }

  private List<String> runArgs(Path file, String mode) {
    return List.of("run", "--job", file.toString(), "--mode", mode, "--work-dir", work.resolve("job-work").toString());
  }

  @Test
  void everyBadJobFileAndCommandLineFailsClearlyAndWritesNothing() throws Exception {
    List<Case> cases = cases();
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      try (JobProcess run = JobProcess.start(c.args(), work.resolve("logs").resolve(c.name().replace(' ', '_') + ".log"))) {
        int exit = run.awaitExit(120);
        String output = run.output();
        boolean named = c.errorMentions().stream().allMatch(output::contains);
        if (exit != c.exit() || !named) {
          wrong.add(c.name() + ": exit " + exit + " (expected " + c.exit() + "), mentions " + c.errorMentions()
              + (named ? "" : " NOT all found") + " in:\n" + output);
        }
      }
    }
    Topics topics = new Topics(stack.kafka().bootstrapServers());
    boolean wroteSomething = topics.exists("bad-out") || topics.exists("bad-dead-letters")
        || Files.exists(work.resolve("checkpoints")) || Files.exists(work.resolve("job-work"));
    Figures.print(String.format("FIGURES bad-input: %d cases (%d job files, %d command lines), %d refused with the"
        + " expected exit code and error, %s written", cases.size(), cases.stream().filter(c -> c.exit() == 1).count(),
        cases.stream().filter(c -> c.exit() == 2).count(), cases.size() - wrong.size(), wroteSomething ? "SOMETHING"
        : "nothing"));
    assertEquals(List.of(), wrong);
    assertFalse(wroteSomething, "a refused job wrote a topic, a checkpoint or its work dir");
    assertNotEquals(0, cases.size());
  }
}
