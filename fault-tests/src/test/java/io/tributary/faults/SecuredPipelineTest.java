package io.tributary.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 *   <li>Elasticsearch: its own security ({@code ElasticsearchServer.withSecurity}): {@code https://} with the
 *       same CA, anonymous access off. The job authenticates as a native user whose role may only write
 *       {@code listings_secured_*} (or with an API key limited to its own alias), from a secret file; both clients
 *       of the sink, the official Java client (index template, alias) and elasticsearch-hadoop (bulk writes),
 *       send it. The file-realm superuser only sets up users and keys and reads the documents back.
 * </ul>
 *
 * <p>The job's whole output, its dead letters and Elasticsearch's log never contain a secret (the passwords, the
 * keystore's and the truststore's, the API key); a wrong password, for either store, ends the job with the store's
 * refusal, once, without a secret.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SecuredPipelineTest {
  private static final Logger LOG = LoggerFactory.getLogger(SecuredPipelineTest.class);
  private static final String NAME = "secured";
  private static final int CORRUPT = 3;
  private static final String SASL_USER = "tributary-job";
  private static final String SASL_PASSWORD = "kafka-pw-" + UUID.randomUUID();
  private static final String ES_ADMIN = "admin";
  private static final String ES_ADMIN_PASSWORD = "es-admin-pw-" + UUID.randomUUID();
  private static final String ES_USER = "tributary";
  private static final String ES_PASSWORD = "es-pw-" + UUID.randomUUID();
  private static final String ES_ROLE = "tributary_writer";
  @TempDir
  static Path secrets;
  private static LoopbackTls tls;
  private static FaultStack servers;
  private static LocalStack stack;
  private static Path work;
  private static ElasticsearchStore store;
  private static EsRest esAdmin;

  /**
   * The job's user is a native one (in Elasticsearch's security index), so that its password can be changed under
   * a running job through the API, which takes effect at once, instead of by rewriting the file realm, which the
   * node only rereads every 5 s.
   */
  @BeforeAll
  static void startServers() throws Exception {
    tls = LoopbackTls.generate(secrets.resolve("tls"));
    servers = FaultStack.start(NAME,
        s -> s.kafka().withSaslSsl(SASL_USER, SASL_PASSWORD, tls.serverKeystore(), tls.keystorePassword()),
        s -> s.elasticsearch().withSecurity(tls, ES_ADMIN, ES_ADMIN_PASSWORD));
    stack = servers.stack();
    work = servers.work();
    store = new ElasticsearchStore(stack);
    esAdmin = EsRest.of(stack.elasticsearch());
    esAdmin.send("PUT", "/_security/role/" + ES_ROLE, writerPrivileges("listings_secured_*"));
    esAdmin.send("POST", "/_security/user/" + ES_USER,
        "{\"password\": \"" + ES_PASSWORD + "\", \"roles\": [\"" + ES_ROLE + "\"]}");
  }

  @AfterAll
  static void stopServers() {
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
      Figures figures = OutageRun.awaitCaughtUp("secured: SASL_SSL + ES's own https/basic auth", store, runId,
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

      // Anonymous access is off: the template (put by the Java client) and the documents (bulk-written by
      // elasticsearch-hadoop) exist only because both clients authenticated.
      assertEquals(200, esAdmin.status("GET", "/_index_template/tributary-" + ElasticsearchStore.alias(runId)));
      assertNoSecret("Elasticsearch's log", Files.readString(stack.elasticsearch().logFile()));
    }
  }

  /**
   * The sink authenticates with an API key from a secret file instead of a user and password: a key the superuser
   * made for this run alone, limited to its alias and the indices behind it.
   */
  @Test
  void anApiKeyFromASecretFileWritesThroughBothClientsAndNeverReachesTheLog() throws Exception {
    long started = System.nanoTime();
    String runId = "secured-apikey-" + System.currentTimeMillis();
    servers.topics().create(runId, 1);
    List<ListingEvent> events = OutageRun.events(300, 57);
    JsonNode key = esAdmin.send("POST", "/_security/api_key", "{\"name\": \"" + runId + "\", \"expiration\": \"1h\","
        + " \"role_descriptors\": {\"writer\": " + writerPrivileges(ElasticsearchStore.alias(runId) + "*") + "}}");
    String encoded = key.path("encoded").asText();
    Path keyFile = Files.writeString(Files.createDirectories(secrets.resolve(runId)).resolve("es-api-key"),
        encoded + "\n");
    Path jobFile = jobWithEsCredentials(runId, SASL_PASSWORD, "api_key = { file = \"" + keyFile + "\" }");

    produce(runId, ListingStreams.payloads(events));
    try (JobProcess job = JobProcess.streaming(jobFile, work.resolve(runId), work.resolve(runId + ".log"))) {
      Figures figures = OutageRun.awaitCaughtUp("secured: ES's own https with an api_key", store, runId,
          new ListingState(events), job, Duration.ofMinutes(4));
      assertEquals(0, job.stopGracefully(), job.tail(60));
      figures.withRun(0, Duration.ofNanos(System.nanoTime() - started).toSeconds()).print();
      assertTrue(figures.exact(), figures.line() + "\n" + job.tail(60));
      assertEquals(200, esAdmin.status("GET", "/_index_template/tributary-" + ElasticsearchStore.alias(runId)));
      String log = job.output();
      assertFalse(log.contains(encoded), "the job's log contains the API key");
      assertFalse(log.contains(key.path("api_key").asText()), "the job's log contains the API key's secret part");
      assertNoSecret("the job's log", log);
    }
  }

  @Test
  void aWrongElasticsearchPasswordEndsTheJobAtOnceWithTheStoresRefusal() throws Exception {
    String runId = "secured-wrong-es-" + System.currentTimeMillis();
    String wrong = "wrong-es-pw-" + UUID.randomUUID();
    EndedJob ended = runUntilItEnds(runId, SASL_PASSWORD, wrong);
    LOG.info("wrong Elasticsearch password, exit {}: {}", ended.exit(), ended.failure());
    assertEquals(1, ended.exit(), "Elasticsearch must refuse the wrong password:\n" + ended.tail());
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
      changeEsPassword("rotated-" + UUID.randomUUID());
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
      changeEsPassword(ES_PASSWORD);
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
    HttpRequest root = HttpRequest.newBuilder(URI.create(stack.elasticsearch().httpUrl() + "/"))
        .timeout(Duration.ofSeconds(30)).build();
    SSLHandshakeException handshake = assertThrows(SSLHandshakeException.class,
        () -> untrusting.send(root, HttpResponse.BodyHandlers.ofString()));
    assertTrue(String.valueOf(handshake.getMessage()).contains("PKIX path building failed"), handshake.toString());

    HttpClient trusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .sslContext(tls.clientSslContext()).build();
    assertRefusedByElasticsearch(trusting.send(root, HttpResponse.BodyHandlers.ofString()), "no credentials");
    assertRefusedByElasticsearch(trusting.send(withBasicAuth(root, "wrong"), HttpResponse.BodyHandlers.ofString()),
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

  /** Elasticsearch's own 401: its JSON {@code security_exception}, not an HTML page. */
  private static void assertRefusedByElasticsearch(HttpResponse<String> response, String why) {
    assertEquals(401, response.statusCode(), why + ": " + response.body());
    assertTrue(response.body().contains("\"type\":\"security_exception\""), why + ": " + response.body());
  }

  /** Cluster and index privileges that let the sink write to {@code indexPattern}, as a role descriptor. */
  private static String writerPrivileges(String indexPattern) {
    return "{\"cluster\": [\"monitor\", \"manage_index_templates\"], \"indices\": [{\"names\": [\"" + indexPattern
        + "\"], \"privileges\": [\"all\"]}]}";
  }

  /** Effective at once: Elasticsearch drops the user's cached credentials with the change. */
  private static void changeEsPassword(String password) {
    esAdmin.send("POST", "/_security/user/" + ES_USER + "/_password", "{\"password\": \"" + password + "\"}");
  }

  /** The job's sink keys for {@link #ES_USER} with that password, from a secret file. */
  private static Path securedJob(String runId, String kafkaPassword, String esPassword) throws Exception {
    Path esPasswordFile = Files.writeString(Files.createDirectories(secrets.resolve(runId)).resolve("es-password"),
        esPassword + "\n");
    return jobWithEsCredentials(runId, kafkaPassword,
        "username = " + ES_USER + ", password = { file = \"" + esPasswordFile + "\" }");
  }

  /**
   * Kafka source and dead letters over SASL_SSL; Elasticsearch over https with {@code esCredentials}; the SASL JAAS
   * line, the ES credentials and the truststore password each in a secret file of their own.
   */
  private static Path jobWithEsCredentials(String runId, String kafkaPassword, String esCredentials)
      throws Exception {
    Path dir = Files.createDirectories(secrets.resolve(runId));
    Path jaasFile = Files.writeString(dir.resolve("kafka.jaas"), jaas(kafkaPassword) + "\n");
    Path trustPasswordFile = Files.writeString(dir.resolve("truststore-password"), tls.truststorePassword() + "\n");
    String kafkaOptions = """
        kafka_options { "security.protocol" = SASL_SSL, "sasl.mechanism" = PLAIN
                        "sasl.jaas.config" = { file = "%s" }
                        "ssl.truststore.location" = "%s", "ssl.truststore.type" = PKCS12
                        "ssl.truststore.password" = { file = "%s" } }""".formatted(jaasFile, tls.truststore(),
        trustPasswordFile);
    String esKeys = """
        , %s
        ssl_truststore = "%s", ssl_truststore_password = { file = "%s" }""".formatted(esCredentials,
        tls.truststore(), trustPasswordFile);
    String bootstrap = stack.kafka().saslSslBootstrapServers();
    return OutageRun.jobFile(work, runId, bootstrap, ", " + kafkaOptions,
        store.sinkBlock(runId, esKeys),
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

  private static void assertNoSecret(String where, String text) {
    assertFalse(text.contains(SASL_PASSWORD), where + " contains the Kafka password");
    assertFalse(text.contains(ES_PASSWORD), where + " contains the Elasticsearch password");
    assertFalse(text.contains(ES_ADMIN_PASSWORD), where + " contains the Elasticsearch superuser's password");
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
