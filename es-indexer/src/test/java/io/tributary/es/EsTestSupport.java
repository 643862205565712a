package io.tributary.es;

import io.tributary.localstack.LocalStack;
import io.tributary.localstack.ServerStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One real Elasticsearch (local-stack) and one local[2] Spark per test JVM, plus small HTTP helpers. */
final class EsTestSupport {
  static final StructType LISTING = new StructType()
      .add("listing_id", DataTypes.StringType)
      .add("mutation_id", DataTypes.LongType)
      .add("operation", DataTypes.StringType)
      .add("title", DataTypes.StringType)
      .add("max_guests", DataTypes.IntegerType);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static LocalStack stack;
  private static String url;
  private static SparkSession spark;

  private EsTestSupport() {}

  static synchronized String elasticsearch() {
    if (url == null) {
      String base = System.getProperty("tributary.localstack.workDir", "target/local-stack-it");
      stack = LocalStack.inWorkDir(Path.of(base, "es-indexer")).stopOnJvmExit();
      ServerStatus status = stack.elasticsearch().start();
      if (!status.healthy()) {
        throw new IllegalStateException(status.describe());
      }
      url = stack.elasticsearch().httpUrl();
    }
    return url;
  }

  static synchronized String kafka() {
    elasticsearch();
    if (!stack.kafka().status().healthy()) {
      stack.kafka().start();
    }
    return stack.kafka().bootstrapServers();
  }

  static synchronized SparkSession spark() {
    if (spark == null) {
      try {
        Path warehouse = Files.createTempDirectory("es-indexer-warehouse");
        spark = SparkSession.builder()
            .appName("es-indexer-tests")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.sql.warehouse.dir", warehouse.toString())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return spark;
  }

  static Row listing(String id, long mutation, String operation, String title, Integer guests) {
    return RowFactory.create(id, mutation, operation, title, guests);
  }

  static Dataset<Row> rows(List<Row> rows) {
    return spark().createDataFrame(new ArrayList<>(rows), LISTING).repartition(2);
  }

  static HttpResponse<String> http(String method, String path, String body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(elasticsearch() + path))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String ok(String method, String path, String body) {
    HttpResponse<String> response = http(method, path, body);
    if (response.statusCode() >= 300) {
      throw new AssertionError(method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static void deleteAll(String alias) {
    // ES 8 refuses wildcard deletes (action.destructive_requires_name): delete by name.
    String names = http("GET", "/_cat/indices/" + alias + "_*?h=index", null).body();
    for (String index : names.split("\\s+")) {
      if (!index.isBlank()) {
        http("DELETE", "/" + index, null);
      }
    }
    http("DELETE", "/_index_template/tributary-" + alias, null);
  }
}
