package io.tributary.job;

import io.tributary.schema.WireProtocol;
import io.tributary.shaded.thrift.TBase;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The form of a source that the job's {@link Mode} reads. Both forms share a name and a Thrift class. */
public sealed interface SourceSpec permits SourceSpec.Kafka, SourceSpec.Hive {

    String name();

    Class<? extends TBase<?, ?>> thriftClass();

    /**
     * @param startingOffsets {@code earliest}, {@code latest} or Spark's per-partition JSON
     *                        ({@code {"topic":{"0":23}}})
     * @param minPartitions   Spark read tasks per micro-batch, at least (Spark's {@code minPartitions}); empty keeps
     *                        one task per Kafka partition
     */
    record Kafka(String name, Class<? extends TBase<?, ?>> thriftClass, List<String> topics,
                 String bootstrapServers, WireProtocol protocol, String startingOffsets,
                 OptionalLong maxOffsetsPerTrigger, OptionalInt minPartitions,
                 Map<String, StringOrSecret> kafkaOptions)
            implements SourceSpec {
        public Kafka {
            topics = List.copyOf(topics);
            kafkaOptions = Map.copyOf(kafkaOptions);
        }
    }

    /** @param query the Hive query with {@code ${var}} already replaced from {@code --var} */
    record Hive(String name, Class<? extends TBase<?, ?>> thriftClass, String query) implements SourceSpec {
    }
}
