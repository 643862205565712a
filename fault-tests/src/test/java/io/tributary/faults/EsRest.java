package io.tributary.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.localstack.ElasticsearchServer;
import io.tributary.localstack.ElasticsearchSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * JSON calls to Elasticsearch from the test JVM: plain http, or, when the node runs with its own security, https
 * trusting its CA and authenticated as its superuser.
 *
 * @param authorization the {@code Authorization} header's value, or null for none
 */
record EsRest(String url, HttpClient http, String authorization) {
  private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  static EsRest plain(String url) {
    return new EsRest(url, PLAIN, null);
  }

  /** To {@code es} as it runs: with its security, as its superuser. */
  static EsRest of(ElasticsearchServer es) {
    Optional<ElasticsearchSecurity> security = es.security();
    if (security.isEmpty()) {
      return plain(es.httpUrl());
    }
    HttpClient https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .sslContext(security.get().tls().clientSslContext()).build();
    return new EsRest(es.httpUrl(), https, security.get().basicAuthorization());
  }

  /** The answer's JSON; an answer of 300 or more is an {@link IllegalStateException} with its body. */
  JsonNode send(String method, String path, String body) {
    try {
      HttpResponse<String> response = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int status(String method, String path) {
    try {
      return http.send(request(method, path, null), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }
}
