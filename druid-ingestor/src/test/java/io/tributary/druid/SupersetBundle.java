package io.tributary.druid;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The Superset export in {@code docs/superset/<name>/} (v1 layout: {@code metadata.yaml}, {@code databases/},
 * {@code datasets/<database>/}, {@code charts/}, {@code dashboards/}), read as the plain YAML maps Superset's
 * importer reads, so a test can check what an import would rely on: the uuids that tie the files together, the
 * dataset's columns against the real datasource, and each chart's query against the real broker.
 */
record SupersetBundle(Map<String, Object> metadata, Map<String, Object> database, Map<String, Object> dataset,
    List<Map<String, Object>> charts, Map<String, Object> dashboard) {

  static SupersetBundle load(Path dir) throws IOException {
    List<Map<String, Object>> databases = all(dir.resolve("databases"));
    List<Map<String, Object>> datasets = all(dir.resolve("datasets"));
    List<Map<String, Object>> dashboards = all(dir.resolve("dashboards"));
    if (databases.size() != 1 || datasets.size() != 1 || dashboards.size() != 1) {
      throw new IllegalStateException(dir + ": expected one database, dataset and dashboard, found "
          + databases.size() + ", " + datasets.size() + ", " + dashboards.size());
    }
    return new SupersetBundle(read(dir.resolve("metadata.yaml")), databases.get(0), datasets.get(0),
        all(dir.resolve("charts")), dashboards.get(0));
  }

  /** What would make Superset's importer refuse the bundle or draw an empty chart; empty when there is nothing. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!"Dashboard".equals(metadata.get("type")) || !"1.0.0".equals(metadata.get("version"))) {
      problems.add("metadata.yaml: type Dashboard, version 1.0.0 expected: " + metadata);
    }
    if (!database.get("uuid").equals(dataset.get("database_uuid"))) {
      problems.add("dataset " + tableName() + ": database_uuid is not the database's uuid");
    }
    List<String> dashboardCharts = dashboardChartUuids();
    for (Map<String, Object> chart : charts) {
      String name = (String) chart.get("slice_name");
      if (!dataset.get("uuid").equals(chart.get("dataset_uuid"))) {
        problems.add("chart " + name + ": dataset_uuid is not the dataset's uuid");
      }
      if (!dashboardCharts.contains((String) chart.get("uuid"))) {
        problems.add("chart " + name + ": not on the dashboard");
      }
      for (String metric : chartList(chart, "metrics")) {
        if (!metricExpressions().containsKey(metric)) {
          problems.add("chart " + name + ": metric " + metric + " is not a metric of the dataset");
        }
      }
      for (String column : chartList(chart, "groupby")) {
        if (!columnTypes().containsKey(column)) {
          problems.add("chart " + name + ": groupby column " + column + " is not a column of the dataset");
        }
      }
    }
    if (dashboardCharts.size() != charts.size()) {
      problems.add("the dashboard shows " + dashboardCharts.size() + " charts, the bundle has " + charts.size());
    }
    return problems;
  }

  String tableName() {
    return (String) dataset.get("table_name");
  }

  /** Column name to the SQL type the dataset declares, in file order. */
  Map<String, String> columnTypes() {
    Map<String, String> types = new LinkedHashMap<>();
    for (Map<String, Object> column : list(dataset, "columns")) {
      types.put((String) column.get("column_name"), (String) column.get("type"));
    }
    return types;
  }

  /** Metric name to its SQL expression. */
  Map<String, String> metricExpressions() {
    Map<String, String> metrics = new LinkedHashMap<>();
    for (Map<String, Object> metric : list(dataset, "metrics")) {
      metrics.put((String) metric.get("metric_name"), (String) metric.get("expression"));
    }
    return metrics;
  }

  /** Time grains as Superset's Druid engine spec ({@code db_engine_specs/druid.py}) writes them in SQL. */
  private static final Map<String, String> TIME_GRAINS = Map.of("PT1H", "FLOOR(%s TO HOUR)", "P1D",
      "FLOOR(%s TO DAY)", "P1W", "FLOOR(%s TO WEEK)", "P1M", "FLOOR(%s TO MONTH)");

  /**
   * The Druid SQL Superset sends for a chart of this bundle: the x axis floored to the chart's time grain, the
   * groupby columns, the metrics under their names, grouped.
   */
  String query(Map<String, Object> chart) {
    List<String> select = new ArrayList<>();
    Map<String, Object> params = map(chart, "params");
    Object grain = params.get("time_grain_sqla");
    if (grain != null) {
      String floor = TIME_GRAINS.get((String) grain);
      if (floor == null) {
        throw new IllegalArgumentException("chart " + chart.get("slice_name") + ": time grain " + grain
            + " is not one of " + TIME_GRAINS.keySet());
      }
      select.add(String.format(floor, "\"" + params.get("x_axis") + "\"") + " AS __timestamp");
    }
    for (String column : chartList(chart, "groupby")) {
      select.add("\"" + column + "\"");
    }
    int groups = select.size();
    for (String metric : chartList(chart, "metrics")) {
      select.add(metricExpressions().get(metric) + " AS \"" + metric + "\"");
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM \"")
        .append(tableName()).append("\"");
    if (groups > 0) {
      sql.append(" GROUP BY ");
      for (int i = 1; i <= groups; i++) {
        sql.append(i == 1 ? "" : ", ").append(i);
      }
    }
    return sql.append(" LIMIT ").append(params.get("row_limit")).toString();
  }

  private List<String> dashboardChartUuids() {
    List<String> uuids = new ArrayList<>();
    for (Object element : map(dashboard, "position").values()) {
      if (element instanceof Map<?, ?> component && "CHART".equals(component.get("type"))) {
        uuids.add((String) ((Map<?, ?>) component.get("meta")).get("uuid"));
      }
    }
    return uuids;
  }

  @SuppressWarnings("unchecked")
  private static List<String> chartList(Map<String, Object> chart, String key) {
    return (List<String>) map(chart, "params").getOrDefault(key, List.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> yaml, String key) {
    return (Map<String, Object>) yaml.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> yaml, String key) {
    return (List<Map<String, Object>>) yaml.get(key);
  }

  private static List<Map<String, Object>> all(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Map<String, Object>> read = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        read.add(read(file));
      }
      return read;
    }
  }

  private static Map<String, Object> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml().load(reader);
    }
  }
}
