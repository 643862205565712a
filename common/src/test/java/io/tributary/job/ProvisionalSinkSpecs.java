package io.tributary.job;

import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the specs es-indexer, druid-ingestor and hbase-writer will register through ServiceLoader once
 * they exist, so job-configs/ can be validated today. Test-only on purpose: registering them from common would
 * hide "module not on the classpath". When a sink module ships its spec, delete its stand-in here.
 */
final class ProvisionalSinkSpecs {
    private ProvisionalSinkSpecs() {
    }

    /** The classpath's specs (console, kafka) plus the stand-ins. druid is real: druid-ingestor's DruidSinkProvider. */
    static SinkSpecRegistry registry() {
        return SinkSpecRegistry.load().with(ELASTICSEARCH).with(HBASE_UPDATE);
    }

    static final SinkOptionsSpec ELASTICSEARCH = spec("elasticsearch", List.of(
            OptionSpec.required("nodes", OptionType.STRING, "http(s)://host:port[,...]"),
            OptionSpec.required("index", OptionType.STRING, "alias written to"),
            OptionSpec.required("id_column", OptionType.STRING, "document id"),
            OptionSpec.optional("version_column", OptionType.STRING, "external version"),
            OptionSpec.optional("index_template", OptionType.STRING, "template file"),
            OptionSpec.optional("batch_size_entries", OptionType.INT, "bulk size"),
            OptionSpec.optional("username", OptionType.STRING, "basic auth user"),
            OptionSpec.optional("password", OptionType.SECRET, "basic auth password"),
            OptionSpec.optional("es_options", OptionType.STRING_MAP, "es-hadoop settings")));

    static final SinkOptionsSpec HBASE_UPDATE = spec("hbase_update", List.of(
            OptionSpec.required("table", OptionType.STRING, "namespace:table"),
            OptionSpec.required("zookeeper_quorum", OptionType.STRING, "host:port[,...]"),
            OptionSpec.required("row_key_column", OptionType.STRING, "row key"),
            OptionSpec.required("column_family", OptionType.STRING, "family written to"),
            OptionSpec.optional("version_column", OptionType.STRING, "cell timestamp"),
            OptionSpec.optional("columns", OptionType.STRING_LIST, "columns written; default all"),
            OptionSpec.optional("hbase_options", OptionType.STRING_MAP, "client settings")));

    static SinkOptionsSpec spec(String type, List<OptionSpec> options) {
        return new SinkOptionsSpec() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public List<OptionSpec> options() {
                return options;
            }
        };
    }

    static Map<String, String> reindexVars() {
        return Map.of("ds", "2017-06-05", "from", "2017-06-01", "until", "2017-06-08");
    }
}
