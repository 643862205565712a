package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The integ-test Elasticsearch with its own security on: HTTPS with a throwaway CA, the file-realm superuser, and
 * the security index (API keys, native users), which needs our plugin's analysis components.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecuredElasticsearchTest {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-pw-" + UUID.randomUUID();
    static LocalStack stack;
    static ElasticsearchServer es;
    static HttpClient trusting;

    @BeforeAll
    static void start() {
        LocalStackConfig config = TestStacks.config("es-secured-it");
        LoopbackTls tls = LoopbackTls.generate(config.workDir().resolve("tls"));
        stack = new LocalStack(config).stopOnJvmExit();
        es = stack.elasticsearch().withSecurity(tls, ADMIN, ADMIN_PASSWORD);
        ServerStatus status = es.start();
        assertTrue(status.healthy(), status.describe());
        trusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls.clientSslContext())
                .build();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            long pid = es.status().pid();
            stack.clean();
            assertTrue(TestStacks.gone(pid), "elasticsearch pid " + pid + " still alive");
            assertFalse(java.nio.file.Files.exists(stack.workDir()), "clean leaves " + stack.workDir());
        }
    }

    @Test
    void withoutCredentialsOrWithAWrongPasswordElasticsearchItselfAnswers401() throws Exception {
        assertTrue(es.httpUrl().startsWith("https://127.0.0.1:"), es.httpUrl());
        HttpResponse<String> anonymous = send(request("/_cluster/health").GET());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.body().contains("\"type\":\"security_exception\"")
                && anonymous.body().contains("missing authentication credentials"), anonymous.body());
        HttpResponse<String> wrong = send(request("/_cluster/health").GET()
                .header("Authorization", basic(ADMIN, "wrong")));
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("unable to authenticate user [" + ADMIN + "]"), wrong.body());
    }

    @Test
    void theSuperuserAuthenticatesInTheFileRealm() throws Exception {
        HttpResponse<String> me = send(asAdmin("/_security/_authenticate").GET());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("\"username\":\"" + ADMIN + "\"") && me.body().contains("\"superuser\"")
                && me.body().contains("\"type\":\"file\""), me.body());
        HttpResponse<String> root = send(asAdmin("/").GET());
        assertEquals(200, root.statusCode(), root.body());
        assertTrue(root.body().contains("\"number\":\"" + stack.config().elasticsearchVersion() + "\""), root.body());
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() {
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(SSLHandshakeException.class,
                () -> untrusting.send(asAdmin("/").GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Both live in the security index, which the node can only create with our plugin's analysis components. */
    @Test
    void apiKeysAndNativeUsersWork() throws Exception {
        HttpResponse<String> created = send(asAdmin("/_security/api_key").POST(json("""
                {"name": "local-stack-test", "expiration": "1h", "role_descriptors": {"events-writer": {
                  "indices": [{"names": ["events-*"], "privileges": ["all"]}]}}}""")));
        assertEquals(200, created.statusCode(), created.body());
        Matcher encoded = Pattern.compile("\"encoded\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(encoded.find(), created.body());
        String apiKey = "ApiKey " + encoded.group(1);

        HttpResponse<String> put = send(request("/events-1/_doc/e1?refresh=true").header("Authorization", apiKey)
                .PUT(json("{\"user\": \"ada\"}")));
        assertEquals(201, put.statusCode(), put.body());
        HttpResponse<String> outside = send(request("/other/_doc/o1").header("Authorization", apiKey)
                .PUT(json("{\"user\": \"ada\"}")));
        assertEquals(403, outside.statusCode(), "the key is limited to events-*: " + outside.body());

        String password = "native-pw-" + UUID.randomUUID();
        HttpResponse<String> user = send(asAdmin("/_security/user/reader").POST(json(
                "{\"password\": \"" + password + "\", \"roles\": [\"viewer\"]}")));
        assertEquals(200, user.statusCode(), user.body());
        HttpResponse<String> me = send(request("/_security/_authenticate").header("Authorization",
                basic("reader", password)).GET());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("\"type\":\"native\""), me.body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(es.httpUrl() + path)).timeout(Duration.ofSeconds(60));
    }

    private static HttpRequest.Builder asAdmin(String path) {
        return request(path).header("Authorization", es.security().orElseThrow().basicAuthorization());
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return trusting.send(request.header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
