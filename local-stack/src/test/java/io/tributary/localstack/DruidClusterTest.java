package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real Druid 33 cluster (ZooKeeper + 4 JVMs): healthy, all four processes registered, SQL answers, stop ends all. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DruidClusterTest {

    static LocalStack stack;
    static DruidCluster druid;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = new LocalStack(TestStacks.config("druid-it")).stopOnJvmExit();
        druid = stack.druid();
        ServerStatus st = druid.start();
        assertTrue(st.healthy(), st.describe());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.clean();
        }
    }

    static String sql(String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(druid.brokerUrl() + "/druid/v2/sql"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\",\"resultFormat\":\"csv\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body().trim();
    }

    @Test
    void processesRegisterAndSqlAnswers() throws Exception {
        assertEquals("2", sql("SELECT 1 + 1"));
        String types = "";
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            // the sys tables are planned with Calcite's bindable convention: no COUNT(DISTINCT) there
            types = String.join(",", new java.util.TreeSet<>(java.util.List.of(sql("SELECT server_type FROM sys.servers")
                    .split("\\s+"))));
            if (types.equals("broker,coordinator,historical,indexer,overlord")) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals("broker,coordinator,historical,indexer,overlord", types, "coordinator, overlord, broker, historical and indexer in sys.servers");
        assertTrue(druid.overlordUrl().startsWith("http://127.0.0.1:"));
        assertTrue(druid.status().healthy());
    }

    @Test
    void startIsIdempotent() {
        long pid = druid.status().pid();
        assertEquals(pid, druid.start().pid());
    }
}
