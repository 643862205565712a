package io.tributary.demo;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.tributary.druid.DruidSqlClient;
import io.tributary.es.EsIndexManager;
import io.tributary.es.EsSettings;
import io.tributary.events.ListingEvent;
import io.tributary.hbase.HBaseSinkConfig;
import io.tributary.hbase.RowView;
import io.tributary.hbase.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the three stores back the way their users do (an ES search, an HBase get, Druid SQL) and compares them with
 * the state {@link DemoEvents} computed from the events. A mismatch is a {@link DemoFailure}.
 */
final class DemoStores {
  private final EsSettings es;
  private final HBaseSinkConfig hbase;
  private final DruidSqlClient druid;

  DemoStores(EsSettings es, HBaseSinkConfig hbase, String druidBrokerUrl) {
    this.es = es;
    this.hbase = hbase;
    this.druid = new DruidSqlClient(druidBrokerUrl);
  }

  /** Thrown when a store does not hold what the events say it must. */
  static final class DemoFailure extends RuntimeException {
    DemoFailure(String message) {
      super(message);
    }
  }

  // ---- Elasticsearch

  /** The top hits of a query_string search on the alias, one line each. */
  @SuppressWarnings("rawtypes")
  List<String> search(String query, int size) {
    try (EsIndexManager manager = new EsIndexManager(es)) {
      SearchResponse<Map> response = manager.client().search(s -> s.index(es.alias()).size(size).version(true)
          .query(q -> q.queryString(qs -> qs.query(query))), Map.class);
      List<String> lines = new ArrayList<>();
      lines.add(response.hits().total().value() + " hits for " + query);
      for (Hit<Map> hit : response.hits().hits()) {
        Map source = Objects.requireNonNull(hit.source());
        lines.add(String.format("_id %s  _version %d  %s, %s", hit.id(), hit.version(), source.get("title"),
            source.get("city")));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("elasticsearch " + es.alias() + ": search failed", e);
    }
  }

  /** Every live listing searchable once, at its newest mutation id as the document version; no deleted one. */
  @SuppressWarnings("rawtypes")
  String checkElasticsearch(Map<Long, ListingEvent> live) {
    try (EsIndexManager manager = new EsIndexManager(es)) {
      manager.client().indices().refresh(r -> r.index(es.alias()));
      SearchResponse<Map> all = manager.client().search(s -> s.index(es.alias()).size(live.size() + 100)
          .version(true).source(src -> src.filter(f -> f.includes(es.idColumn()))), Map.class);
      int wrong = 0;
      for (Hit<Map> hit : all.hits().hits()) {
        ListingEvent expected = live.get(Long.parseLong(hit.id()));
        if (expected == null || expected.getMutation_id() != Objects.requireNonNull(hit.version())) {
          wrong++;
        }
      }
      long found = all.hits().hits().size();
      if (found != live.size() || wrong > 0) {
        throw new DemoFailure("elasticsearch " + es.alias() + ": " + found + " documents, expected " + live.size()
            + "; " + wrong + " not at the listing's newest mutation");
      }
      return found + " live listings searchable, each at its newest mutation id (live index "
          + manager.liveIndex().orElse("?") + ")";
    } catch (IOException e) {
      throw new UncheckedIOException("elasticsearch " + es.alias() + ": reading back failed", e);
    }
  }

  // ---- HBase

  String hbaseRow(StructType sinkInput, long listingId) {
    try (StateStore store = StateStore.of(hbase)) {
      return new RowView(hbase, sinkInput).render(store, Long.toString(listingId), 3);
    }
  }

  /** Every listing's newest cell at its newest mutation id; a deleted listing has no visible cell. */
  String checkHBase(Map<Long, ListingEvent> finalListings) {
    List<Long> ids = List.copyOf(finalListings.keySet());
    List<byte[]> keys = ids.stream().map(id -> Long.toString(id).getBytes(StandardCharsets.UTF_8)).toList();
    int wrong = 0;
    int live = 0;
    try (StateStore store = StateStore.of(hbase)) {
      List<StateStore.StoredRow> rows = store.multiGet(keys);
      for (int i = 0; i < ids.size(); i++) {
        ListingEvent expected = finalListings.get(ids.get(i));
        boolean deleted = expected.getOperation() == io.tributary.events.Operation.DELETE;
        long version = rows.get(i).latest("title").map(StateStore.Versioned::version).orElse(-1L);
        live += deleted ? 0 : 1;
        if (deleted ? !rows.get(i).isEmpty() : version != expected.getMutation_id()) {
          wrong++;
        }
      }
    }
    if (wrong > 0) {
      throw new DemoFailure("hbase " + hbase.table() + ": " + wrong + " of " + ids.size()
          + " rows not at the listing's newest mutation");
    }
    return ids.size() + " rows checked: " + live + " at their newest mutation id, " + (ids.size() - live)
        + " deleted rows without a visible cell";
  }

  // ---- Druid

  /** Booked nights and revenue per market, from Druid SQL (what a Superset chart on the datasource runs). */
  List<Map<String, Object>> revenueByMarket(String datasource) {
    return druid.query("SELECT market, SUM(\"count\") AS bookings, SUM(nights) AS nights, ROUND(SUM(revenue), 2)"
        + " AS revenue FROM " + datasource + " GROUP BY market ORDER BY revenue DESC");
  }

  /** Rows per day, as Druid counts them. */
  Map<String, Long> rowsByDay(String datasource) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (Map<String, Object> row : druid.query("SELECT TIME_FORMAT(__time, 'yyyy-MM-dd') AS d, SUM(\"count\") AS c"
        + " FROM " + datasource + " GROUP BY 1")) {
      out.put((String) row.get("d"), ((Number) row.get("c")).longValue());
    }
    return out;
  }

  long rowCount(String datasource) {
    try {
      List<Map<String, Object>> rows = druid.query("SELECT SUM(\"count\") AS c FROM " + datasource);
      Object c = rows.isEmpty() ? null : rows.get(0).get("c");
      return c == null ? 0 : ((Number) c).longValue();
    } catch (RuntimeException e) {
      return 0; // the broker does not know the datasource before its first segment
    }
  }

  /** Druid's bookings and revenue per market equal the sums over the input events (revenue to the cent). */
  String checkDruid(String datasource, Map<String, double[]> expected) {
    int wrong = 0;
    List<Map<String, Object>> rows = revenueByMarket(datasource);
    for (Map<String, Object> row : rows) {
      double[] want = expected.get((String) row.get("market"));
      if (want == null || ((Number) row.get("bookings")).longValue() != (long) want[0]
          || Math.abs(((Number) row.get("revenue")).doubleValue() - want[1]) > 0.01) {
        wrong++;
      }
    }
    if (wrong > 0 || rows.size() != expected.size()) {
      throw new DemoFailure("druid " + datasource + ": " + wrong + " of " + rows.size()
          + " markets differ from the input events' sums (expected " + expected.size() + " markets)");
    }
    return "bookings and revenue of all " + rows.size() + " markets equal the sums over the input events";
  }
}
