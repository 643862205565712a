package io.tributary.druid;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code metrics} entry of a druid sink: {@code { name, type, field }}. The type is ours (short, validated) and
 * maps to a Druid aggregator; {@code hll} and {@code theta} need the druid-datasketches extension on the cluster.
 */
public record Metric(String name, String type, String column) implements Serializable {

  /** The input column; empty for {@code count}. (Optional is not Serializable, hence the nullable component.) */
  public Optional<String> field() {
    return Optional.ofNullable(column);
  }

  /** Our type names, and the Druid aggregator each becomes. */
  static final Map<String, String> AGGREGATORS = Map.ofEntries(
      Map.entry("count", "count"),
      Map.entry("longsum", "longSum"),
      Map.entry("doublesum", "doubleSum"),
      Map.entry("longmin", "longMin"),
      Map.entry("longmax", "longMax"),
      Map.entry("doublemin", "doubleMin"),
      Map.entry("doublemax", "doubleMax"),
      // plain min/max: doubles, so they work for any numeric column
      Map.entry("min", "doubleMin"),
      Map.entry("max", "doubleMax"),
      Map.entry("hll", "HLLSketchBuild"),
      Map.entry("theta", "thetaSketch"));

  static final List<String> TYPES = List.of("count", "longSum", "doubleSum", "longMin", "longMax", "doubleMin",
      "doubleMax", "min", "max", "hll", "theta");

  /** Parses a {@code metrics} entry; throws naming the entry when it is not usable. */
  static Metric parse(Map<String, Object> entry) {
    Object name = entry.get("name");
    Object type = entry.get("type");
    if (!(name instanceof String) || !(type instanceof String)) {
      throw new IllegalArgumentException("every metric needs a name and a type: " + entry);
    }
    String key = ((String) type).toLowerCase(Locale.ROOT);
    if (!AGGREGATORS.containsKey(key)) {
      throw new IllegalArgumentException("metric " + name + ": unknown type '" + type + "'; known: " + TYPES);
    }
    Optional<String> field = Optional.ofNullable(entry.get("field")).map(Object::toString);
    if (!key.equals("count") && field.isEmpty()) {
      throw new IllegalArgumentException("metric " + name + " (" + type + ") needs a field");
    }
    return new Metric((String) name, key, field.orElse(null));
  }

  /** The Druid aggregator JSON (as a map) for the metricsSpec. */
  Map<String, Object> aggregator() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", AGGREGATORS.get(type));
    a.put("name", name);
    field().ifPresent(f -> a.put("fieldName", f));
    if (type.equals("hll")) {
      a.put("lgK", 12);
    }
    return a;
  }
}
