package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ListingEvent;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.LoopbackTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job that encrypts and authenticates against servers that enforce both, every secret from a file of its own:
 *
 * <ul>
 *   <li>Kafka: the broker's SASL_SSL listener (TLS with a throwaway CA from {@link LoopbackTls}, then SASL/PLAIN).
 *       The job reads its source and writes its dead letters through it, trusting the CA from a truststore file.
 *       The broker itself enforces TLS and the password.
 *   <li>Elasticsearch: {@code https://} with basic auth through {@link TlsBasicAuthProxy}, a real nginx in front of
 *       the real node. Both clients of the sink go through it: the official Java client (index template, alias) and
 *       elasticsearch-hadoop (bulk writes). Here the <em>proxy</em> enforces TLS and the password, not
 *       Elasticsearch: the integ-test distribution has no security module and a secured one is not on Maven
 *       Central (docs/RELIABILITY.md). So this proves our TLS and credential handling against a server that checks
 *       them; it does not prove anything about Elasticsearch's own security (its realms, roles, API keys, or the
 *       body of its own 401).
 * </ul>
 *
 * <p>The job's whole output and its dead letters never contain a secret (the two passwords, the keystore's and the
 * truststore's); a wrong password, for either store, ends the job with the store's refusal, once, without a secret.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SecuredPipelineTest {
  private static final Logger LOG = LoggerFactory.getLogger(SecuredPipelineTest.class);
  private static final String NAME = "secured";
  private static final int CORRUPT = 3;
  private static final String SASL_USER = "tributary-job";
  private static final String SASL_PASSWORD = "kafka-pw-" + UUID.randomUUID();
  private static final String ES_USER = "tributary";
  private static final String ES_PASSWORD = "es-pw-" + UUID.randomUUID();
  @TempDir
  static Path secrets;
  private static LoopbackTls tls;
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;
  private static ElasticsearchStore store;
  private static TlsBasicAuthProxy proxy;

  @BeforeAll
  static void startServers() throws Exception {
    tls = LoopbackTls.generate(secrets.resolve("tls"));
    servers = FaultStack.start(NAME,
        s -> s.kafka().withSaslSsl(SASL_USER, SASL_PASSWORD, tls.serverKeystore(), tls.keystorePassword()),
        LocalStack::elasticsearch);
    stack = servers.stack();
    work = servers.work();
    store = new ElasticsearchStore(stack);
    proxy = TlsBasicAuthProxy.start(secrets.resolve("nginx"), tls, stack.elasticsearch().httpPort(), ES_USER,
        ES_PASSWORD);
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void saslSslAndHttpsWithBasicAuthFromSecretFilesNeverReachTheLogsOrTheDeadLetters() throws Exception {
    long started = System.nanoTime();
    String runId = "secured-" + System.currentTimeMillis();
    Topics plain = servers.topics();
    plain.create(runId, 2);
    plain.create(runId + "-dead", 1);
    List<ListingEvent> events = OutageRun.events(1_000, 51);
    List<PacedProducer.Payload> payloads = new ArrayList<>(ListingStreams.payloads(events));
    for (int i = 0; i < CORRUPT; i++) {
      payloads.add(new PacedProducer.Payload(null, ("not thrift " + i).getBytes(StandardCharsets.UTF_8)));
    }
    Path jobFile = securedJob(runId, SASL_PASSWORD, ES_PASSWORD);

    produce(runId, payloads);
    try (JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"))) {
      Figures figures = OutageRun.awaitCaughtUp("secured: SASL_SSL + ES https/basic auth (nginx)", store, runId,
          new ListingState(events), job, Duration.ofMinutes(4));
      assertEquals(0, job.stopGracefully(), job.tail(60));
      List<ConsumerRecord<byte[], byte[]>> deadLetters = plain.readAll(runId + "-dead");
      figures.withDeadLettered(deadLetters.size())
          .withRun(0, Duration.ofNanos(System.nanoTime() - started).toSeconds()).print();
      assertTrue(figures.exact(), figures.line() + "\n" + job.tail(60));
      assertEquals(CORRUPT, deadLetters.size());

      String log = job.output();
      assertTrue(log.contains("batch 0:"), "the job ran:\n" + job.tail(40));
      assertNoSecret("the job's log", log);
      String letters = text(deadLetters);
      assertTrue(letters.contains("not thrift"), "dead letters carry the raw bytes: " + letters);
      assertNoSecret("the dead letters", letters);

      // Both of the sink's clients went through the proxy and authenticated (combined log: user, request, status).
      String access = proxy.logs();
      assertTrue(authenticated(access, "PUT /_index_template/tributary-" + ElasticsearchStore.alias(runId)),
          "the Java client put the template through the proxy:\n" + access);
      assertTrue(authenticated(access, "_bulk"), "elasticsearch-hadoop's bulk writes went through the proxy:\n"
          + access);
      assertNoSecret("the proxy's logs", access);
    }
  }

  @Test
  void aWrongElasticsearchPasswordEndsTheJobAtOnceWithTheStoresRefusal() throws Exception {
    String runId = "secured-wrong-es-" + System.currentTimeMillis();
    String wrong = "wrong-es-pw-" + UUID.randomUUID();
    EndedJob ended = runUntilItEnds(runId, SASL_PASSWORD, wrong);
    LOG.info("wrong Elasticsearch password, exit {}: {}", ended.exit(), ended.failure());
    assertEquals(1, ended.exit(), "the proxy must refuse the wrong password:\n" + ended.tail());
    assertTrue(ended.failure().contains("elasticsearch " + ElasticsearchStore.alias(runId))
        && ended.failure().contains("401"), "the line names the store and its refusal: " + ended.failure());
    assertFalse(ended.log().contains("retrying in"), "a refused password is not retried:\n" + ended.tail());
    assertNoSecret("the failed job's log", ended.log());
    assertFalse(ended.log().contains(wrong), "the wrong password was printed");
  }

  /**
   * The password is changed on the server under a running job (rotated, or the user revoked): the next batch's
   * write is refused with 401, which {@code SinkRetry} must treat as permanent: the job ends at attempt 1 with the
   * line naming sink, store and batch, and the batch's offsets stay uncommitted for a restart with the new secret.
   */
  @Test
  void aPasswordRevokedUnderARunningJobEndsItWithoutRetrying() throws Exception {
    String runId = "secured-revoked-" + System.currentTimeMillis();
    servers.topics().create(runId, 1);
    List<PacedProducer.Payload> payloads = ListingStreams.payloads(OutageRun.events(200, 53));
    int half = payloads.size() / 2;
    Path jobFile = securedJob(runId, SASL_PASSWORD, ES_PASSWORD);
    try (JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"))) {
      produce(runId, payloads.subList(0, half));
      OutageRun.awaitFirstBatch(job);
      proxy.setPassword(ES_USER, "rotated-" + UUID.randomUUID());
      produce(runId, payloads.subList(half, payloads.size()));
      EndedJob ended = EndedJob.await(runId, job);
      LOG.info("password revoked mid-run, exit {}: {}", ended.exit(), ended.failure());
      assertEquals(1, ended.exit(), "the job must end once the store refuses its password:\n" + ended.tail());
      assertTrue(ended.failure().contains("sink es (elasticsearch)")
          && ended.failure().contains("retrying cannot fix (attempt 1)") && ended.failure().contains("401"),
          "a 401 is permanent, named with sink and store: " + ended.failure());
      assertFalse(ended.log().contains("retrying in"), "a refused password is not retried:\n" + ended.tail());
      assertNoSecret("the failed job's log", ended.log());
    } finally {
      proxy.setPassword(ES_USER, ES_PASSWORD);
    }
  }

  @Test
  void aWrongKafkaPasswordFailsTheJobWithoutPrintingEitherPassword() throws Exception {
    String runId = "secured-wrong-kafka-" + System.currentTimeMillis();
    String wrong = "wrong-kafka-pw-" + UUID.randomUUID();
    EndedJob ended = runUntilItEnds(runId, wrong, ES_PASSWORD);
    LOG.info("wrong Kafka password, exit {}: {}", ended.exit(), ended.failure());
    assertEquals(1, ended.exit(), "the broker must refuse the wrong password:\n" + ended.tail());
    assertTrue(ended.failure().contains("Authentication failed"), "the broker's reason is shown: " + ended.failure());
    assertNoSecret("the failed job's log", ended.log());
    assertFalse(ended.log().contains(wrong), "the wrong password was printed");
  }

  /** What the servers themselves refuse, seen from plain clients in this JVM (no job, a few seconds). */
  @Test
  void clientsWithoutTheCaOrTheCredentialsAreRefused() throws Exception {
    HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest root = HttpRequest.newBuilder(URI.create(proxy.httpsUrl() + "/")).timeout(Duration.ofSeconds(30))
        .build();
    SSLHandshakeException handshake = assertThrows(SSLHandshakeException.class,
        () -> untrusting.send(root, HttpResponse.BodyHandlers.ofString()));
    assertTrue(String.valueOf(handshake.getMessage()).contains("PKIX path building failed"), handshake.toString());

    HttpClient trusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .sslContext(tls.clientSslContext()).build();
    assertEquals(401, trusting.send(root, HttpResponse.BodyHandlers.ofString()).statusCode(), "no credentials");
    assertEquals(401, trusting.send(withBasicAuth(root, "wrong"), HttpResponse.BodyHandlers.ofString()).statusCode(),
        "a wrong password");
    assertEquals(200, trusting.send(withBasicAuth(root, ES_PASSWORD), HttpResponse.BodyHandlers.ofString())
        .statusCode(), "the right password reaches Elasticsearch");

    // The broker's SASL_SSL listener with the right SASL password but without the CA: the handshake fails.
    Map<String, Object> noTruststore = Map.of("bootstrap.servers", stack.kafka().saslSslBootstrapServers(),
        "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas(SASL_PASSWORD),
        "request.timeout.ms", "20000", "default.api.timeout.ms", "30000");
    try (Admin admin = Admin.create(noTruststore)) {
      Exception e = assertThrows(Exception.class, () -> admin.describeCluster().nodes().get(40, TimeUnit.SECONDS));
      assertTrue(String.valueOf(e.getCause()).contains("SSL handshake failed"), String.valueOf(e));
    }
  }

  /**
   * Kafka source and dead letters over SASL_SSL; Elasticsearch over https through the proxy with basic auth; the
   * SASL JAAS line, the ES password and the truststore password each in a secret file of their own.
   */
  private static Path securedJob(String runId, String kafkaPassword, String esPassword) throws Exception {
    Path dir = Files.createDirectories(secrets.resolve(runId));
    Path jaasFile = Files.writeString(dir.resolve("kafka.jaas"), jaas(kafkaPassword) + "\n");
    Path esPasswordFile = Files.writeString(dir.resolve("es-password"), esPassword + "\n");
    Path trustPasswordFile = Files.writeString(dir.resolve("truststore-password"), tls.truststorePassword() + "\n");
    String kafkaOptions = """
        kafka_options { "security.protocol" = SASL_SSL, "sasl.mechanism" = PLAIN
                        "sasl.jaas.config" = { file = "%s" }
                        "ssl.truststore.location" = "%s", "ssl.truststore.type" = PKCS12
                        "ssl.truststore.password" = { file = "%s" } }""".formatted(jaasFile, tls.truststore(),
        trustPasswordFile);
    String esKeys = """
        , username = %s, password = { file = "%s" }
        ssl_truststore = "%s", ssl_truststore_password = { file = "%s" }""".formatted(ES_USER, esPasswordFile,
        tls.truststore(), trustPasswordFile);
    String bootstrap = stack.kafka().saslSslBootstrapServers();
    return OutageRun.jobFile(work, runId, bootstrap, ", " + kafkaOptions,
        store.sinkBlock(proxy.httpsUrl(), runId, esKeys),
        "dead_letter { type = kafka, topic = \"" + runId + "-dead\", bootstrap_servers = \"" + bootstrap + "\", "
            + kafkaOptions + " }\nretry { max_attempts = 2, initial_backoff = 1s }");
  }

  private static void produce(String topic, List<PacedProducer.Payload> payloads) throws Exception {
    try (PacedProducer producer = new PacedProducer(servers.bootstrapServers(), topic, payloads, Duration.ZERO)) {
      producer.start().awaitAllAcknowledged(Duration.ofMinutes(1));
    }
  }

  /** A job with these passwords, over an empty topic, run until it ends by itself. */
  private static EndedJob runUntilItEnds(String runId, String kafkaPassword, String esPassword) throws Exception {
    servers.topics().create(runId, 1);
    Path jobFile = securedJob(runId, kafkaPassword, esPassword);
    try (JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"))) {
      return EndedJob.await(runId, job);
    }
  }

  /** How a job ended: exit code, whole output, the one failure line {@code TributaryMain} prints, the last lines. */
  private record EndedJob(int exit, String log, String failure, String tail) {
    static EndedJob await(String runId, JobProcess job) throws Exception {
      int exit = job.awaitExit(240);
      assertNotEquals(-1, exit, "the job did not end within 240 s:\n" + job.tail(40));
      String log = job.output();
      String failure = log.lines().filter(l -> l.startsWith("tributary: job " + runId + " failed")).findFirst()
          .orElseThrow(() -> new AssertionError("no failure line:\n" + job.tail(40)));
      return new EndedJob(exit, log, failure, job.tail(40));
    }
  }

  private static String jaas(String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
        + "\" password=\"" + password + "\";";
  }

  private static HttpRequest withBasicAuth(HttpRequest request, String password) {
    String credentials = Base64.getEncoder()
        .encodeToString((ES_USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Basic " + credentials)
        .build();
  }

  /** An access-log line (nginx's combined format) of a request with {@code fragment}, as ES_USER, answered 200. */
  private static boolean authenticated(String accessLog, String fragment) {
    return accessLog.lines().anyMatch(line -> line.contains(" " + ES_USER + " [") && line.contains(fragment)
        && line.contains("\" 200 "));
  }

  private static void assertNoSecret(String where, String text) {
    assertFalse(text.contains(SASL_PASSWORD), where + " contains the Kafka password");
    assertFalse(text.contains(ES_PASSWORD), where + " contains the Elasticsearch password");
    assertFalse(text.contains(tls.keystorePassword()), where + " contains the broker's keystore password");
    assertFalse(text.contains(tls.truststorePassword()), where + " contains the truststore password");
  }

  /** Keys, values and headers of the dead letters, as text. */
  private static String text(List<ConsumerRecord<byte[], byte[]>> records) {
    StringBuilder letters = new StringBuilder();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      letters.append(text(record.key())).append(text(record.value()));
      for (Header header : record.headers()) {
        letters.append(header.key()).append(text(header.value()));
      }
    }
    return letters.toString();
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
