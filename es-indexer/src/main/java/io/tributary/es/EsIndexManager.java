package io.tributary.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the physical indexes behind an alias, with the official Java client.
 *
 * <p>Layout: physical indexes are {@code <alias>_<yyyyMMddHHmmssSSS>} (UTC), created from the index template
 * {@code tributary-<alias>}; the alias {@code <alias>} points at exactly one of them (the live one) and carries
 * the filter that hides tombstones ({@link Tombstones}); while a reindex builds a new index, the alias
 * {@code <alias>_building} points at it, which is how the streaming writer knows to write there too. Every
 * alias change is one {@code _aliases} call, which Elasticsearch applies atomically, so a search against the
 * alias always finds exactly one complete index.
 */
public final class EsIndexManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EsIndexManager.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EsSettings settings;
  private final ElasticsearchClient client;
  private final boolean ownsClient;
  private final Pattern managedIndex;

  public EsIndexManager(EsSettings settings) {
    this(settings, EsConnection.javaClient(settings), true);
  }

  EsIndexManager(EsSettings settings, ElasticsearchClient client, boolean ownsClient) {
    this.settings = settings;
    this.client = client;
    this.ownsClient = ownsClient;
    this.managedIndex = Pattern.compile(Pattern.quote(settings.alias()) + "_\\d{17}");
  }

  public String alias() {
    return settings.alias();
  }

  public String indexName(long epochMillis) {
    return settings.alias() + "_" + STAMP.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Puts the index template every physical index of this alias is created from (idempotent). */
  public void applyTemplate() {
    String body = templateBody().toString();
    call("put index template " + templateName(), () -> client.indices().putIndexTemplate(
        PutIndexTemplateRequest.of(t -> t.name(templateName()).withJson(new StringReader(body)))));
  }

  String templateName() {
    return "tributary-" + settings.alias();
  }

  ObjectNode templateBody() {
    ObjectNode template = JSON.createObjectNode();
    settings.indexTemplate().ifPresent(path -> {
      try {
        JsonNode file = JSON.readTree(Files.readString(path));
        if (!file.isObject()) {
          throw new IllegalArgumentException("index_template " + path + " must hold a JSON object");
        }
        file.fields().forEachRemaining(field -> template.set(field.getKey(), field.getValue()));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read index_template " + path + ": " + e, e);
      }
    });
    ObjectNode indexSettings = template.has("settings") ? (ObjectNode) template.get("settings") : template.putObject("settings");
    indexSettings.put("number_of_shards", settings.numberOfShards());
    indexSettings.put("number_of_replicas", settings.numberOfReplicas());
    indexSettings.put("refresh_interval", settings.refreshInterval());
    ObjectNode mappings = template.has("mappings") ? (ObjectNode) template.get("mappings") : template.putObject("mappings");
    ObjectNode properties = mappings.has("properties") ? (ObjectNode) mappings.get("properties") : mappings.putObject("properties");
    properties.putObject(Tombstones.DELETED_FIELD).put("type", "boolean");
    properties.putObject(settings.versionColumn()).put("type", "long");

    ObjectNode body = JSON.createObjectNode();
    body.putArray("index_patterns").add(settings.alias() + "_*");
    // Overlapping patterns (alias "a" and "a_b") may not share a priority; the longer alias is the more specific.
    body.put("priority", 100 + settings.alias().length());
    // A stream batch writing to <alias>_building just after the swap removed that alias must not create a bare
    // index of that name through a bulk request's auto-create. (elasticsearch-hadoop can still create it
    // explicitly on an executor: see dropStrayBuildingIndex.)
    body.put("allow_auto_create", false);
    body.set("template", template);
    body.putObject("_meta").put("managed_by", "tributary").put("alias", settings.alias());
    return body;
  }

  /**
   * Makes sure the alias exists, creating the first physical index if needed, and returns the live index.
   * A bare index named like the alias is refused: writes would bypass every reindex.
   */
  public String ensureAlias() {
    Optional<String> live = liveIndex();
    if (live.isPresent()) {
      return live.get();
    }
    boolean bare = call("check index " + settings.alias(), () -> client.indices().exists(e -> e.index(settings.alias())).value());
    if (bare) {
      throw new IllegalStateException("elasticsearch " + settings.alias() + " is a bare index, not an alias: reindex it "
          + "into " + settings.alias() + "_<timestamp> and alias it, or pick another index name");
    }
    String index = indexName(System.currentTimeMillis());
    call("create index " + index, () -> client.indices().create(c -> c.index(index)
        .aliases(settings.alias(), a -> a.filter(liveFilter()))));
    LOG.info("elasticsearch: created {} behind alias {}", index, settings.alias());
    return index;
  }

  /** The physical index the alias points at. */
  public Optional<String> liveIndex() {
    Set<String> indexes = aliasTargets(settings.alias());
    if (indexes.size() > 1) {
      throw new IllegalStateException("elasticsearch alias " + settings.alias() + " points at " + indexes
          + "; Tributary keeps it on exactly one index");
    }
    return indexes.stream().findFirst();
  }

  /** The index a running reindex builds, if any. */
  public Optional<String> buildingIndex() {
    return aliasTargets(settings.buildingAlias()).stream().findFirst();
  }

  private Set<String> aliasTargets(String name) {
    return call("get alias " + name, () -> {
      if (!client.indices().existsAlias(e -> e.name(name)).value()) {
        return Set.<String>of();
      }
      return client.indices().getAlias(g -> g.name(name)).result().keySet();
    });
  }

  /**
   * Creates {@code <alias>_<timestamp>} for bulk loading (no refresh, no replicas) and points the building alias
   * at it, so streaming writers start writing there too. An index left behind by a failed reindex is deleted.
   */
  public String beginReindex(long startMillis) {
    dropStrayBuildingIndex();
    buildingIndex().ifPresent(stale -> {
      LOG.warn("elasticsearch: deleting {} left by an unfinished reindex of {}", stale, settings.alias());
      call("delete index " + stale, () -> client.indices().delete(d -> d.index(stale)));
    });
    String index = indexName(startMillis);
    call("create index " + index, () -> client.indices().create(c -> c.index(index)
        .settings(s -> s.numberOfReplicas("0").refreshInterval(t -> t.time("-1")))
        .aliases(settings.buildingAlias(), a -> a)));
    LOG.info("elasticsearch: reindex of {} builds {}", settings.alias(), index);
    return index;
  }

  /**
   * Deletes a concrete index named like the building alias. A streaming write to {@code <alias>_building} that
   * races the swap can create one (elasticsearch-hadoop creates a missing write resource itself on the
   * executors, which the template's allow_auto_create does not stop); it holds only copies of documents that
   * the same batch also writes through the alias, and it would block the next reindex.
   */
  public void dropStrayBuildingIndex() {
    String name = settings.buildingAlias();
    boolean stray = call("check index " + name, () -> client.indices().exists(e -> e.index(name)).value()
        && !client.indices().existsAlias(e -> e.name(name)).value());
    if (stray) {
      call("delete stray index " + name, () -> client.indices().delete(d -> d.index(name).ignoreUnavailable(true)));
      LOG.warn("elasticsearch: deleted stray index {} (a streaming write raced the swap)", name);
    }
  }

  /**
   * Restores refresh and replicas on the built index, refreshes it, then in ONE {@code _aliases} call moves the
   * alias onto it and drops the building alias; then deletes all but the newest {@code keep_indexes} previous
   * indexes.
   */
  public void finishReindex(String index) {
    call("restore settings of " + index, () -> client.indices().putSettings(p -> p.index(index)
        .settings(s -> s.numberOfReplicas(Integer.toString(settings.numberOfReplicas()))
            .refreshInterval(t -> t.time(settings.refreshInterval())))));
    call("refresh " + index, () -> client.indices().refresh(r -> r.index(index)));
    call("wait for " + index, () -> client.cluster().health(h -> h.index(index)
        .waitForStatus(settings.numberOfReplicas() == 0 ? HealthStatus.Green : HealthStatus.Yellow)
        .timeout(t -> t.time("120s"))));
    Optional<String> previous = liveIndex();
    swapAlias(previous, index, true);
    LOG.info("elasticsearch: alias {} moved from {} to {}", settings.alias(), previous.orElse("(none)"), index);
    prune(index);
  }

  /** Removes the building alias and deletes the index of a reindex that failed; the live index is untouched. */
  public void abandonReindex(String index) {
    call("delete index " + index, () -> client.indices().delete(d -> d.index(index).ignoreUnavailable(true)));
    LOG.warn("elasticsearch: abandoned reindex {} of {}", index, settings.alias());
  }

  /**
   * Points the alias back at the newest physical index older than the live one (kept by keep_indexes), in one
   * {@code _aliases} call, and returns it. Documents the stream wrote since the swap are only in the newer index:
   * replay the stream (or reindex) after a rollback if they matter.
   */
  public String rollback() {
    String live = liveIndex().orElseThrow(() -> new IllegalStateException(
        "elasticsearch alias " + settings.alias() + " does not exist: nothing to roll back"));
    String target = managedIndexes().stream()
        .filter(index -> index.compareTo(live) < 0)
        .max(Comparator.naturalOrder())
        .orElseThrow(() -> new IllegalStateException("elasticsearch alias " + settings.alias()
            + ": no index older than " + live + " is kept; nothing to roll back to"));
    swapAlias(Optional.of(live), target, false);
    LOG.info("elasticsearch: alias {} rolled back from {} to {}", settings.alias(), live, target);
    return target;
  }

  /** The rollback {@code bin/tributary} runs: one call, its own client. */
  public static String rollback(EsSettings settings) {
    try (EsIndexManager manager = new EsIndexManager(settings)) {
      return manager.rollback();
    }
  }

  private void swapAlias(Optional<String> from, String to, boolean dropBuilding) {
    call("swap alias " + settings.alias() + " to " + to, () -> client.indices().updateAliases(u -> {
      from.filter(index -> !index.equals(to))
          .ifPresent(index -> u.actions(a -> a.remove(r -> r.index(index).alias(settings.alias()))));
      u.actions(a -> a.add(add -> add.index(to).alias(settings.alias()).filter(liveFilter())));
      if (dropBuilding) {
        u.actions(a -> a.remove(r -> r.index(to).alias(settings.buildingAlias()).mustExist(false)));
      }
      return u;
    }));
  }

  /** Physical indexes of this alias, oldest first (the timestamp sorts as text). */
  public List<String> managedIndexes() {
    List<String> indexes = new ArrayList<>(call("list indexes of " + settings.alias(),
        () -> client.indices().get(g -> g.index(settings.alias() + "_*")).result().keySet()));
    indexes.removeIf(index -> !managedIndex.matcher(index).matches());
    indexes.sort(Comparator.naturalOrder());
    return indexes;
  }

  private void prune(String live) {
    Optional<String> building = buildingIndex();
    List<String> older = managedIndexes().stream()
        .filter(index -> index.compareTo(live) < 0 && !building.equals(Optional.of(index)))
        .sorted(Comparator.reverseOrder())
        .toList();
    for (String index : older.subList(Math.min(settings.keepIndexes(), older.size()), older.size())) {
      call("delete index " + index, () -> client.indices().delete(d -> d.index(index)));
      LOG.info("elasticsearch: deleted {} (keep_indexes={})", index, settings.keepIndexes());
    }
  }

  /** Searches through the alias never see tombstones. */
  static Query liveFilter() {
    return Query.of(q -> q.bool(b -> b.mustNot(m -> m.term(t -> t.field(Tombstones.DELETED_FIELD).value(true)))));
  }

  public ElasticsearchClient client() {
    return client;
  }

  @Override
  public void close() {
    if (ownsClient) {
      EsConnection.close(client);
    }
  }

  private interface EsCall<T> {
    T run() throws IOException;
  }

  private <T> T call(String what, EsCall<T> action) {
    try {
      return action.run();
    } catch (ElasticsearchException e) {
      // An error Elasticsearch explained in JSON (e.g. its security's 401) keeps the status out of the message:
      // name it as the client's TransportException does, so the line and the retry decision both see it.
      throw new IllegalStateException("elasticsearch " + settings.alias() + ": " + what + " failed: status: "
          + e.status() + ", " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("elasticsearch " + settings.alias() + ": " + what + " failed: " + e.getMessage(), e);
    }
  }
}
