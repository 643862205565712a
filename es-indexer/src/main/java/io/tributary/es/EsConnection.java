package io.tributary.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.tributary.job.StringOrSecret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * The two ways we talk to the cluster from the same settings: the official Java client (templates, aliases,
 * settings) on the driver, and elasticsearch-hadoop settings for the executors' bulk writes. This is the only
 * place secrets are revealed, right where they leave for their client.
 */
public final class EsConnection {
  private EsConnection() {}

  public static ElasticsearchClient javaClient(EsSettings settings) {
    HttpHost[] hosts = settings.nodes().stream()
        .map(node -> new HttpHost(node.getHost(), EsSettings.port(node), node.getScheme()))
        .toArray(HttpHost[]::new);
    RestClientBuilder builder = RestClient.builder(hosts);
    if (!settings.pathPrefix().isEmpty()) {
      builder.setPathPrefix(settings.pathPrefix());
    }
    settings.apiKey().ifPresent(key -> builder.setDefaultHeaders(
        new Header[] {new BasicHeader("Authorization", "ApiKey " + key.resolve().reveal())}));
    builder.setHttpClientConfigCallback(http -> {
      settings.username().ifPresent(user -> {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        credentials.setCredentials(AuthScope.ANY,
            new UsernamePasswordCredentials(user, settings.password().orElseThrow().resolve().reveal()));
        http.setDefaultCredentialsProvider(credentials);
      });
      if (settings.truststore().isPresent()) {
        http.setSSLContext(sslContext(settings));
      }
      return http;
    });
    return new ElasticsearchClient(new RestClientTransport(builder.build(), new JacksonJsonpMapper()));
  }

  public static void close(ElasticsearchClient client) {
    try {
      client._transport().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * elasticsearch-hadoop settings that write to {@code target} (an alias) with the mutation id as external
   * version. The map holds revealed secrets: pass it to the writer only, never log it.
   */
  static Map<String, String> hadoopSettings(EsSettings settings, String target) {
    Map<String, String> es = new LinkedHashMap<>();
    es.put("es.nodes", settings.nodes().stream().map(node -> node.getHost() + ":" + EsSettings.port(node))
        .collect(Collectors.joining(",")));
    // Clients reach the nodes we were given (proxies, k8s services, loopback), never the publish addresses.
    es.put("es.nodes.wan.only", "true");
    if (!settings.pathPrefix().isEmpty()) {
      es.put("es.nodes.path.prefix", settings.pathPrefix());
    }
    es.put("es.resource.write", target);
    es.put("es.write.operation", "index");
    es.put("es.mapping.id", settings.idColumn());
    es.put("es.mapping.version", settings.versionColumn());
    es.put("es.mapping.version.type", "external");
    // A typo'd or vanished alias must fail, not silently create a bare index of that name.
    es.put("es.index.auto.create", "false");
    es.put("es.batch.size.entries", Integer.toString(settings.batchSizeEntries()));
    es.put("es.batch.size.bytes", settings.batchSizeBytes());
    // Refreshing after every bulk is the connector's default and costs most of the throughput; the index's
    // refresh_interval decides when documents become searchable.
    es.put("es.batch.write.refresh", "false");
    es.put("es.write.rest.error.handlers", StaleVersionHandler.NAME);
    es.put("es.write.rest.error.handler." + StaleVersionHandler.NAME, StaleVersionHandler.class.getName());
    es.put("es.write.rest.error.handler." + StaleVersionHandler.NAME + "." + StaleVersionHandler.TARGET, target);
    if (settings.https()) {
      es.put("es.net.ssl", "true");
      settings.truststore().ifPresent(path -> es.put("es.net.ssl.truststore.location", path.toUri().toString()));
      settings.truststorePassword().ifPresent(pass -> es.put("es.net.ssl.truststore.pass", pass.resolve().reveal()));
    }
    settings.username().ifPresent(user -> {
      es.put("es.net.http.auth.user", user);
      es.put("es.net.http.auth.pass", settings.password().orElseThrow().resolve().reveal());
    });
    settings.apiKey().ifPresent(key -> es.put("es.net.http.header.Authorization", "ApiKey " + key.resolve().reveal()));
    es.putAll(StringOrSecret.revealAll(settings.esOptions()));
    return es;
  }

  /** Option names whose values {@link #hadoopSettings} fills from secrets; Spark must redact them in plans. */
  static final String SECRET_OPTIONS_REGEX = "(?i)url|auth\\.pass|authorization|truststore\\.pass|password|secret";

  private static SSLContext sslContext(EsSettings settings) {
    try (InputStream in = Files.newInputStream(settings.truststore().orElseThrow())) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      char[] password = settings.truststorePassword().map(p -> p.resolve().reveal().toCharArray()).orElse(null);
      store.load(in, password);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load ssl_truststore " + settings.truststore().orElseThrow() + ": " + e, e);
    }
  }

  static String describe(URI node) {
    return node.getScheme() + "://" + node.getHost() + ":" + EsSettings.port(node);
  }
}
