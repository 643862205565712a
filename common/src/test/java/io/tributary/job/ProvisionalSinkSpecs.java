package io.tributary.job;

import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the specs es-indexer and druid-ingestor will register through ServiceLoader once
 * they exist, so job-configs/ can be validated today. Test-only on purpose: registering them from common would
 * hide "module not on the classpath". When a sink module ships its spec, delete its stand-in here (hbase-writer
 * has: job-configs' own test validates listings-hbase.conf with the real spec).
 */
final class ProvisionalSinkSpecs {
    private ProvisionalSinkSpecs() {
    }

    /** The classpath's specs (console, kafka) plus the stand-ins. elasticsearch is real: es-indexer's EsSinkProvider. */
    static SinkSpecRegistry registry() {
        return SinkSpecRegistry.load().with(DRUID);
    }

    static final SinkOptionsSpec DRUID = new SinkOptionsSpec() {
        @Override
        public String type() {
            return "druid";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    OptionSpec.required("datasource", OptionType.STRING, "Druid datasource"),
                    OptionSpec.required("timestamp_column", OptionType.STRING, "row time"),
                    OptionSpec.oneOf("timestamp_format", false, "how the time is written",
                            "auto", "iso", "millis", "posix"),
                    OptionSpec.required("dimensions", OptionType.STRING_LIST, "dimension columns"),
                    OptionSpec.optional("metrics", OptionType.OBJECT_LIST, "{ name, type, field } aggregators"),
                    OptionSpec.oneOf("segment_granularity", false, "segment size", "HOUR", "DAY", "WEEK", "MONTH"),
                    OptionSpec.oneOf("query_granularity", false, "rollup", "NONE", "MINUTE", "HOUR", "DAY"),
                    OptionSpec.required("overlord_url", OptionType.STRING, "supervisor and task API"),
                    OptionSpec.required("intermediate_topic", OptionType.STRING, "topic the supervisor reads"),
                    OptionSpec.required("bootstrap_servers", OptionType.STRING, "brokers of that topic"),
                    OptionSpec.optional("kafka_options", OptionType.STRING_MAP, "producer settings"));
        }

        @Override
        public List<String> crossCheck(SinkOptions options) {
            return options.objectList("metrics").stream()
                    .filter(metric -> !metric.containsKey("name") || !metric.containsKey("type"))
                    .map(metric -> "every metric needs a name and a type")
                    .distinct()
                    .toList();
        }
    };

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
