package io.tributary.es;

import io.tributary.job.JobSpec;
import io.tributary.job.OptionSpec;
import io.tributary.job.OptionType;
import io.tributary.job.SinkOptions;
import io.tributary.job.SinkSpec;
import io.tributary.sink.Sink;
import io.tributary.sink.SinkProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type = elasticsearch}: the keys a job file may set and how the sink is built. Registered in
 * {@code META-INF/services/io.tributary.job.SinkOptionsSpec}, so job validation knows these keys exactly when
 * es-indexer is on the classpath.
 */
public final class EsSinkProvider implements SinkProvider {
  public static final String TYPE = "elasticsearch";

  private static final List<OptionSpec> OPTIONS = List.of(
      OptionSpec.required("nodes", OptionType.STRING, "http(s)://host:port[,...]; the scheme turns TLS on"),
      OptionSpec.required("index", OptionType.STRING,
          "the alias searches and writes use; physical indexes are <index>_<yyyyMMddHHmmssSSS>"),
      OptionSpec.required("id_column", OptionType.STRING, "column holding the document id"),
      OptionSpec.required("version_column", OptionType.STRING,
          "column holding the mutation id, used as the external version (a long that only grows per id)"),
      OptionSpec.optional("operation_column", OptionType.STRING,
          "column holding the operation; default 'operation' (rows without that column are all upserts)"),
      OptionSpec.optional("delete_operation", OptionType.STRING,
          "the operation value that deletes the document; default DELETE"),
      OptionSpec.optional("batch_size_entries", OptionType.INT, "documents per bulk request per task; default 5000"),
      OptionSpec.optional("batch_size_bytes", OptionType.STRING, "bytes per bulk request per task; default 5mb"),
      OptionSpec.optional("username", OptionType.STRING, "basic auth user (with password)"),
      OptionSpec.optional("password", OptionType.SECRET, "basic auth password"),
      OptionSpec.optional("api_key", OptionType.SECRET, "API key (the base64 'id:key' form); instead of username"),
      OptionSpec.optional("ssl_truststore", OptionType.STRING, "JKS/PKCS12 trust store for https nodes"),
      OptionSpec.optional("ssl_truststore_password", OptionType.SECRET, "its password"),
      OptionSpec.optional("index_template", OptionType.STRING,
          "JSON file with optional 'settings' and 'mappings' for the physical indexes; default dynamic mapping"),
      OptionSpec.optional("number_of_shards", OptionType.INT, "default 1"),
      OptionSpec.optional("number_of_replicas", OptionType.INT, "default 1; a reindex builds with 0 and restores it"),
      OptionSpec.optional("refresh_interval", OptionType.STRING, "default 1s; a reindex builds with -1 and restores it"),
      OptionSpec.optional("keep_indexes", OptionType.INT,
          "previous physical indexes kept after a reindex swap, for rollback; default 2"),
      OptionSpec.optional("es_options", OptionType.STRING_MAP,
          "extra elasticsearch-hadoop settings (es.*), passed through; values may be secrets"));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public List<String> crossCheck(SinkOptions options) {
    List<String> problems = new ArrayList<>();
    if (options.has("username") != options.has("password")) {
      problems.add("username and password go together");
    }
    if (options.has("username") && options.has("api_key")) {
      problems.add("use either username/password or api_key, not both");
    }
    if (options.has("ssl_truststore_password") && !options.has("ssl_truststore")) {
      problems.add("ssl_truststore_password needs ssl_truststore");
    }
    positive(options, "batch_size_entries", problems);
    positive(options, "number_of_shards", problems);
    options.integer("number_of_replicas").filter(n -> n < 0).ifPresent(n -> problems.add("number_of_replicas must be >= 0"));
    options.integer("keep_indexes").filter(n -> n < 0).ifPresent(n -> problems.add("keep_indexes must be >= 0"));
    options.string("index").filter(alias -> !EsSettings.validAlias(alias))
        .ifPresent(alias -> problems.add("index must be a lower-case Elasticsearch name without '*', ',' or spaces"));
    for (String key : options.stringMap("es_options").keySet()) {
      if (!key.startsWith("es.")) {
        problems.add("es_options keys are elasticsearch-hadoop settings starting with 'es.': " + key);
      }
    }
    try {
      options.string("nodes").ifPresent(EsSettings::parseNodes);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  private static void positive(SinkOptions options, String key, List<String> problems) {
    options.integer(key).filter(n -> n <= 0).ifPresent(n -> problems.add(key + " must be > 0"));
  }

  @Override
  public Sink create(SinkSpec sink, JobSpec job) {
    return new EsSink(EsSettings.from(sink.options()));
  }
}
