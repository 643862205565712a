package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.apache.commons.logging.LogFactory;
import org.elasticsearch.hadoop.cfg.PropertiesSettings;
import org.elasticsearch.hadoop.rest.InitializationUtils;
import org.elasticsearch.hadoop.util.ClusterInfo;
import org.elasticsearch.hadoop.util.EsMajorVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** A real single-node Elasticsearch from the integ-test zip, with our root plugin serving GET /. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElasticsearchServerTest {

    static LocalStack stack;
    static ElasticsearchServer es;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        // a work dir that only its owner can enter, like the default one under /root: when the tests run as root
        // this exercises the relocation of elasticsearch's files to a dir the unprivileged user can reach
        Path privateDir = Path.of(TestStacks.config("es-it").workDir().toString());
        Files.createDirectories(privateDir);
        Files.setPosixFilePermissions(privateDir, PosixFilePermissions.fromString("rwx------"));
        stack = new LocalStack(TestStacks.config("es-it/private")).stopOnJvmExit();
        es = stack.elasticsearch();
        ServerStatus st = es.start();
        assertTrue(st.healthy(), st.describe());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            Path runtime = es.runtimeDirectory();
            stack.clean();
            assertFalse(Files.exists(runtime), "clean leaves " + runtime);
            assertFalse(Files.exists(stack.workDir()), "clean leaves " + stack.workDir());
        }
    }

    @Test
    @Order(0)
    void filesLiveWhereTheUnprivilegedUserCanReachThem() {
        if (Processes.isRoot()) {
            assertFalse(es.runtimeDirectory().startsWith(stack.workDir()), String.valueOf(es.runtimeDirectory()));
        } else {
            assertEquals(es.directory(), es.runtimeDirectory());
        }
    }

    static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.httpUrl() + path)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void rootAnswersWithVersionLikeTheRealRestRootModule() throws Exception {
        assertTrue(es.httpUrl().startsWith("http://127.0.0.1:"), es.httpUrl());
        HttpResponse<String> r = send("GET", "/", null);
        assertEquals(200, r.statusCode(), r.body());
        String body = r.body();
        assertTrue(body.contains("\"number\":\"" + stack.config().elasticsearchVersion() + "\""), body);
        assertTrue(body.contains("\"cluster_name\":\"" + ElasticsearchServer.CLUSTER_NAME + "\""), body);
        assertTrue(body.matches("(?s).*\"cluster_uuid\":\"[A-Za-z0-9_-]{10,}\".*"), body);
        assertTrue(body.contains("\"tagline\":\"You Know, for Search\""), body);
        assertEquals("Elasticsearch", r.headers().firstValue("X-elastic-product").orElse(""));
        assertEquals(200, send("HEAD", "/", null).statusCode());
    }

    @Test
    @Order(2)
    void theSparkConnectorAcceptsTheCluster() {
        Properties p = new Properties();
        p.setProperty("es.nodes", "127.0.0.1");
        p.setProperty("es.port", Integer.toString(es.httpPort()));
        p.setProperty("es.nodes.wan.only", "true");
        ClusterInfo info = InitializationUtils.discoverAndValidateClusterInfo(new PropertiesSettings(p),
                LogFactory.getLog(ElasticsearchServerTest.class));
        assertEquals(ElasticsearchServer.CLUSTER_NAME, info.getClusterName().getName());
        assertTrue(info.getMajorVersion().onOrAfter(EsMajorVersion.V_8_X), String.valueOf(info));
    }

    @Test
    @Order(3)
    void indexAndSearch() throws Exception {
        HttpResponse<String> put = send("PUT", "/events/_doc/e1?refresh=true", "{\"user\":\"ada\",\"kind\":\"click\",\"n\":3}");
        assertEquals(201, put.statusCode(), put.body());
        HttpResponse<String> search = send("POST", "/events/_search", "{\"query\":{\"match\":{\"user\":\"ada\"}}}");
        assertEquals(200, search.statusCode(), search.body());
        assertTrue(search.body().contains("\"total\":{\"value\":1"), search.body());
        assertTrue(search.body().contains("\"_id\":\"e1\""), search.body());
    }

    @Test
    @Order(4)
    void secondStartReusesTheRunningServer() {
        ServerStatus before = es.status();
        ServerStatus again = new LocalStack(TestStacks.config("es-it/private")).elasticsearch().start();
        assertEquals(before.pid(), again.pid());
        assertEquals(es.httpUrl(), again.endpoint());
    }

    @Test
    @Order(5)
    void cliStatusPrintsIt() {
        int rc = LocalStackCli.run(new String[] {"status", "--work-dir", stack.workDir().toString(), "--only", "elasticsearch"});
        assertEquals(0, rc);
    }

    @Test
    @Order(6)
    void stopLeavesNoProcess() {
        long pid = es.status().pid();
        List<Long> group = Processes.processGroup(pid);
        assertTrue(group.size() >= 2, "launcher and server JVM expected in group " + pid + ": " + group);
        es.stop();
        for (long p : group) {
            assertTrue(TestStacks.gone(p), "pid " + p + " still alive");
        }
        assertTrue(Processes.processGroup(pid).isEmpty());
        assertFalse(es.status().running());
        assertEquals(1, LocalStackCli.run(new String[] {"status", "--work-dir", stack.workDir().toString(), "--only", "elasticsearch"}));
    }
}
