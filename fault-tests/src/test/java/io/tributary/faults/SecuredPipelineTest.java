package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job that authenticates: it reads Kafka and writes its dead letters over the broker's SASL/PLAIN listener, and
 * sends Elasticsearch a basic-auth password, both from secret files. Its log and its dead letters never contain a
 * secret; a wrong Kafka password fails the job with the broker's authentication error, again without a secret.
 *
 * <p>The local Elasticsearch is the integ-test distribution, which has no security module (see docs/RELIABILITY.md),
 * so it accepts the password without checking it: what this shows for Elasticsearch is that the job runs with
 * credentials configured and never leaks them, not that a server enforced them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SecuredPipelineTest {
  private static final String NAME = "secured";
  private static final int CORRUPT = 3;
  private static final String SASL_USER = "tributary-job";
  private static final String SASL_PASSWORD = "kafka-pw-" + UUID.randomUUID();
  private static final String ES_PASSWORD = "es-pw-" + UUID.randomUUID();
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;
  private static ElasticsearchStore store;

  @BeforeAll
  static void startServers() {
    servers = FaultStack.start(NAME, s -> s.kafka().withSaslPlain(SASL_USER, SASL_PASSWORD), LocalStack::elasticsearch);
    stack = servers.stack();
    work = servers.work();
    store = new ElasticsearchStore(stack);
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void saslAndBasicAuthFromSecretFilesNeverReachTheLogsOrTheDeadLetters() throws Exception {
    long started = System.nanoTime();
    String runId = "secured-" + System.currentTimeMillis();
    Topics plain = new Topics(stack.kafka().bootstrapServers());
    plain.create(runId, 2);
    plain.create(runId + "-dead", 1);
    List<ListingEvent> events = OutageRun.events(1_000, 51);
    List<PacedProducer.Payload> payloads = new ArrayList<>(ListingStreams.payloads(events));
    for (int i = 0; i < CORRUPT; i++) {
      payloads.add(new PacedProducer.Payload(null, ("not thrift " + i).getBytes(StandardCharsets.UTF_8)));
    }
    Path jobFile = securedJob(runId, SASL_PASSWORD);

    try (PacedProducer producer = new PacedProducer(stack.kafka().bootstrapServers(), runId, payloads,
             Duration.ZERO);
         JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"))) {
      producer.start().awaitAllAcknowledged(Duration.ofMinutes(1));
      Figures figures = OutageRun.awaitCaughtUp("secured: SASL/PLAIN + ES basic auth", store, runId,
          new ListingState(events), job, Duration.ofMinutes(4));
      assertEquals(0, job.stopGracefully(), job.tail(60));
      List<ConsumerRecord<byte[], byte[]>> deadLetters = plain.readAll(runId + "-dead");
      figures.withDeadLettered(deadLetters.size())
          .withRun(0, Duration.ofNanos(System.nanoTime() - started).toSeconds()).print();
      assertTrue(figures.exact(), figures.line());
      assertEquals(CORRUPT, deadLetters.size());

      String log = job.output();
      assertTrue(log.contains("batch 0:"), "the job ran:\n" + job.tail(40));
      assertNoSecret("the job's log", log);
      StringBuilder letters = new StringBuilder();
      for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
        letters.append(text(record.key())).append(text(record.value()));
        for (Header header : record.headers()) {
          letters.append(header.key()).append(text(header.value()));
        }
      }
      assertTrue(letters.toString().contains("not thrift"), "dead letters carry the raw bytes: " + letters);
      assertNoSecret("the dead letters", letters.toString());
    }
  }

  @Test
  void aWrongKafkaPasswordFailsTheJobWithoutPrintingEitherPassword() throws Exception {
    String runId = "secured-wrong-" + System.currentTimeMillis();
    new Topics(stack.kafka().bootstrapServers()).create(runId, 1);
    String wrong = "wrong-pw-" + UUID.randomUUID();
    Path jobFile = securedJob(runId, wrong);
    try (JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"))) {
      int exit = job.awaitExit(240);
      String log = job.output();
      assertNotEquals(0, exit, "the broker must refuse the wrong password:\n" + job.tail(40));
      assertNotEquals(-1, exit, "the job kept running with a wrong password:\n" + job.tail(40));
      assertTrue(log.contains("Authentication failed"), "the broker's reason is shown:\n" + job.tail(40));
      assertNoSecret("the failed job's log", log);
      assertFalse(log.contains(wrong), "the wrong password was printed");
    }
  }

  /** Kafka source and dead letters over SASL/PLAIN, ES with basic auth; every secret in a file of its own. */
  private static Path securedJob(String runId, String kafkaPassword) throws Exception {
    Files.createDirectories(work);
    String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + SASL_USER + "\" password=\"" + kafkaPassword + "\";";
    Path jaasFile = Files.writeString(work.resolve(runId + ".jaas"), jaas + "\n");
    Path esPasswordFile = Files.writeString(work.resolve(runId + ".es-password"), ES_PASSWORD + "\n");
    String sasl = """
        kafka_options { "security.protocol" = SASL_PLAINTEXT, "sasl.mechanism" = PLAIN
                        "sasl.jaas.config" = { file = "%s" } }""".formatted(jaasFile);
    String saslBootstrap = stack.kafka().saslBootstrapServers();
    return OutageRun.jobFile(work, runId, saslBootstrap, ", " + sasl,
        store.sinkBlock(runId, ", username = tributary, password = { file = \"" + esPasswordFile + "\" }"),
        "dead_letter { type = kafka, topic = \"" + runId + "-dead\", bootstrap_servers = \"" + saslBootstrap
            + "\", " + sasl + " }\nretry { max_attempts = 2, initial_backoff = 1s }");
  }

  private static void assertNoSecret(String where, String text) {
    assertFalse(text.contains(SASL_PASSWORD), where + " contains the Kafka password");
    assertFalse(text.contains(ES_PASSWORD), where + " contains the Elasticsearch password");
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
