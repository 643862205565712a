package io.tributary.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Every document a search through the alias sees (tombstones are hidden by the alias' filter), with its id and
 * version, read with a scroll so any number of documents comes back.
 */
record EsDocuments(EsRest es) {

  EsDocuments(String esUrl) {
    this(EsRest.plain(esUrl));
  }

  List<ListingState.Visible> visible(String alias) {
    es.send("POST", "/" + alias + "/_refresh", null);
    List<ListingState.Visible> out = new ArrayList<>();
    JsonNode page = es.send("POST", "/" + alias + "/_search?scroll=1m",
        "{\"size\": 5000, \"version\": true, \"_source\": false, \"sort\": [\"_doc\"]}");
    while (page.path("hits").path("hits").size() > 0) {
      for (JsonNode hit : page.path("hits").path("hits")) {
        out.add(new ListingState.Visible(Long.parseLong(hit.path("_id").asText()), hit.path("_version").asLong()));
      }
      page = es.send("POST", "/_search/scroll", "{\"scroll\": \"1m\", \"scroll_id\": \""
          + page.path("_scroll_id").asText() + "\"}");
    }
    es.send("DELETE", "/_search/scroll", "{\"scroll_id\": \"" + page.path("_scroll_id").asText() + "\"}");
    return out;
  }

  /** True when {@code index} (an alias or an index) exists. */
  boolean exists(String index) {
    return es.status("HEAD", "/" + index) == 200;
  }
}
