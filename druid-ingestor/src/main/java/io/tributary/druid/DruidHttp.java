package io.tributary.druid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to one Druid service; every failure names the service, the path and Druid's answer. */
final class DruidHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String service;
  private final String baseUrl;

  DruidHttp(String service, String baseUrl) {
    this.service = service;
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), path);
  }

  JsonNode post(String path, Object body) {
    try {
      return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DruidException(service + " " + path + ": cannot write request body: " + e.getOriginalMessage(), e);
    }
  }

  private JsonNode send(HttpRequest.Builder request, String path) {
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DruidException("Druid " + service + " at " + baseUrl + " unreachable (" + path + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DruidException("interrupted calling Druid " + service + " " + path, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new DruidException("Druid " + service + " " + path + " answered HTTP " + response.statusCode() + ": "
          + abbreviate(response.body()));
    }
    try {
      return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new DruidException("Druid " + service + " " + path + " answered non-JSON: " + abbreviate(response.body()), e);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
  }

  /** A Druid call that failed; the message says which service, path and datasource. */
  static final class DruidException extends RuntimeException {
    DruidException(String message) {
      super(message);
    }

    DruidException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
