package io.tributary.es;

import io.tributary.job.SecretRef;
import io.tributary.job.SinkOptions;
import io.tributary.job.StringOrSecret;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code elasticsearch} sink's options with their defaults. Secrets stay references until a client is built,
 * so this record can be logged.
 */
public record EsSettings(
    List<URI> nodes,
    String alias,
    String idColumn,
    String versionColumn,
    String operationColumn,
    String deleteOperation,
    int batchSizeEntries,
    String batchSizeBytes,
    Optional<String> username,
    Optional<SecretRef> password,
    Optional<SecretRef> apiKey,
    Optional<Path> truststore,
    Optional<SecretRef> truststorePassword,
    Optional<Path> indexTemplate,
    int numberOfShards,
    int numberOfReplicas,
    String refreshInterval,
    int keepIndexes,
    Map<String, StringOrSecret> esOptions) {

  private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  public EsSettings {
    nodes = List.copyOf(nodes);
    esOptions = Map.copyOf(esOptions);
  }

  public static EsSettings from(SinkOptions options) {
    return new EsSettings(
        parseNodes(options.string("nodes").orElseThrow()),
        options.string("index").orElseThrow(),
        options.string("id_column").orElseThrow(),
        options.string("version_column").orElseThrow(),
        options.string("operation_column").orElse("operation"),
        options.string("delete_operation").orElse("DELETE"),
        options.integer("batch_size_entries").orElse(5000),
        options.string("batch_size_bytes").orElse("5mb"),
        options.string("username"),
        options.secret("password"),
        options.secret("api_key"),
        options.string("ssl_truststore").map(Path::of),
        options.secret("ssl_truststore_password"),
        options.string("index_template").map(Path::of),
        options.integer("number_of_shards").orElse(1),
        options.integer("number_of_replicas").orElse(1),
        options.string("refresh_interval").orElse("1s"),
        options.integer("keep_indexes").orElse(2),
        options.stringMap("es_options"));
  }

  /** A copy for tests and tools that only know where the node is. */
  public static EsSettings forAlias(String nodes, String alias, String idColumn, String versionColumn) {
    return new EsSettings(parseNodes(nodes), alias, idColumn, versionColumn, "operation", "DELETE", 5000, "5mb",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        1, 0, "1s", 2, Map.of());
  }

  public EsSettings withKeepIndexes(int keep) {
    return new EsSettings(nodes, alias, idColumn, versionColumn, operationColumn, deleteOperation, batchSizeEntries,
        batchSizeBytes, username, password, apiKey, truststore, truststorePassword, indexTemplate, numberOfShards,
        numberOfReplicas, refreshInterval, keep, esOptions);
  }

  public EsSettings withIndexTemplate(Path template) {
    return new EsSettings(nodes, alias, idColumn, versionColumn, operationColumn, deleteOperation, batchSizeEntries,
        batchSizeBytes, username, password, apiKey, truststore, truststorePassword, Optional.of(template),
        numberOfShards, numberOfReplicas, refreshInterval, keepIndexes, esOptions);
  }

  public boolean https() {
    return nodes.get(0).getScheme().equals("https");
  }

  /** The alias a running reindex adds to the index it builds; the streaming writer also writes there. */
  public String buildingAlias() {
    return alias + "_building";
  }

  static boolean validAlias(String alias) {
    return ALIAS.matcher(alias).matches() && !alias.endsWith("_building");
  }

  /** {@code http(s)://host:port[/prefix]} entries, comma separated; all with the same scheme and prefix. */
  static List<URI> parseNodes(String nodes) {
    List<URI> uris = new ArrayList<>();
    for (String node : nodes.split(",")) {
      String trimmed = node.trim();
      URI uri;
      try {
        uri = URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("nodes: not a URL: " + trimmed);
      }
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("nodes: expected http(s)://host:port, got " + trimmed);
      }
      if (uri.getUserInfo() != null) {
        // Credentials in a URL end up in logs; they belong in username/password secrets.
        throw new IllegalArgumentException("nodes: put credentials in username/password or api_key, not in the URL");
      }
      uris.add(uri);
    }
    if (uris.stream().map(URI::getScheme).distinct().count() > 1) {
      throw new IllegalArgumentException("nodes: mixing http and https is not supported");
    }
    return uris;
  }

  static int port(URI node) {
    return node.getPort() > 0 ? node.getPort() : 9200;
  }

  /** Path prefix of the nodes (a proxy in front of ES), or "". */
  String pathPrefix() {
    String path = nodes.get(0).getPath();
    return path == null || path.equals("/") ? "" : path;
  }
}
