package io.tributary.job;

import java.util.List;

/** {@code type = kafka}: writes rows as JSON values to a topic (also how rows reach Druid's Kafka ingestion). */
public final class KafkaSinkOptionsSpec implements SinkOptionsSpec {

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.required("topic", OptionType.STRING, "topic written to"),
                OptionSpec.required("bootstrap_servers", OptionType.STRING, "Kafka brokers, host:port[,host:port]"),
                OptionSpec.optional("key_column", OptionType.STRING, "column used as the record key"),
                OptionSpec.optional("kafka_options", OptionType.STRING_MAP,
                        "producer settings passed through, e.g. security.protocol; values may be secrets"));
    }
}
