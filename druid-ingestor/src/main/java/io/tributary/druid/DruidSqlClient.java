package io.tributary.druid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Druid SQL ({@code POST /druid/v2/sql} on the broker), the same API Superset uses. */
public final class DruidSqlClient {
  private final DruidHttp broker;

  public DruidSqlClient(String brokerUrl) {
    this.broker = new DruidHttp("broker", brokerUrl);
  }

  /** Rows as column -> value (JSON numbers become Long or Double, strings stay strings). */
  public List<Map<String, Object>> query(String sql) {
    JsonNode rows = broker.post("/druid/v2/sql", Map.of("query", sql, "resultFormat", "object"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode row : rows) {
      Map<String, Object> values = new LinkedHashMap<>();
      row.fields().forEachRemaining(field -> values.put(field.getKey(), value(field.getValue())));
      out.add(values);
    }
    return out;
  }

  private static Object value(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }
}
