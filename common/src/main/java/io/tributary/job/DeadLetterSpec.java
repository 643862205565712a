package io.tributary.job;

import java.util.Map;
import java.util.Optional;

/** Where records that fail decoding or conversion go instead of being dropped. */
public sealed interface DeadLetterSpec permits DeadLetterSpec.Kafka, DeadLetterSpec.Files {

    /** @param bootstrapServers as written, else the brokers of the file's Kafka source (filled in by the validator) */
    record Kafka(String topic, Optional<String> bootstrapServers, Map<String, StringOrSecret> kafkaOptions)
            implements DeadLetterSpec {
        public Kafka {
            kafkaOptions = Map.copyOf(kafkaOptions);
        }
    }

    /** {@code type = path}: a directory (local, HDFS, S3...) the dead letters are written under. */
    record Files(String path) implements DeadLetterSpec {
    }
}
