package io.tributary.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every document a search through the alias sees (tombstones are hidden by the alias' filter), with its id and
 * version, read with a scroll so any number of documents comes back.
 */
record EsDocuments(String esUrl) {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  List<ListingState.Visible> visible(String alias) {
    send("POST", "/" + alias + "/_refresh", null);
    List<ListingState.Visible> out = new ArrayList<>();
    JsonNode page = send("POST", "/" + alias + "/_search?scroll=1m",
        "{\"size\": 5000, \"version\": true, \"_source\": false, \"sort\": [\"_doc\"]}");
    while (page.path("hits").path("hits").size() > 0) {
      for (JsonNode hit : page.path("hits").path("hits")) {
        out.add(new ListingState.Visible(Long.parseLong(hit.path("_id").asText()), hit.path("_version").asLong()));
      }
      page = send("POST", "/_search/scroll", "{\"scroll\": \"1m\", \"scroll_id\": \""
          + page.path("_scroll_id").asText() + "\"}");
    }
    send("DELETE", "/_search/scroll", "{\"scroll_id\": \"" + page.path("_scroll_id").asText() + "\"}");
    return out;
  }

  /** True when {@code index} (an alias or an index) exists. */
  boolean exists(String index) {
    return status("HEAD", "/" + index) == 200;
  }

  private int status(String method, String path) {
    try {
      return HTTP.send(request(method, path, null), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode send(String method, String path, String body) {
    try {
      HttpResponse<String> response = HTTP.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
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

  private HttpRequest request(String method, String path, String body) {
    return HttpRequest.newBuilder(URI.create(esUrl + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
