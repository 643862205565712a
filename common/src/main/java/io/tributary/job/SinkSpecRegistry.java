package io.tributary.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sink types validation accepts: whatever {@link SinkOptionsSpec}s are on the classpath. Immutable. */
public final class SinkSpecRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SinkSpecRegistry.class);

    /** Where each first-party sink type lives, so "unknown sink type" can say which module to add. */
    static final Map<String, String> MODULE_OF_TYPE = Map.of(
            "elasticsearch", "es-indexer",
            "druid", "druid-ingestor",
            "hbase_update", "hbase-writer",
            "console", "common",
            "kafka", "common");

    private final Map<String, SinkOptionsSpec> specsByType;

    private SinkSpecRegistry(Map<String, SinkOptionsSpec> specsByType) {
        this.specsByType = Collections.unmodifiableMap(new LinkedHashMap<>(specsByType));
    }

    /** The specs registered through {@link ServiceLoader} in the context class loader. */
    public static SinkSpecRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : SinkSpecRegistry.class.getClassLoader());
    }

    public static SinkSpecRegistry load(ClassLoader loader) {
        Map<String, SinkOptionsSpec> specs = new LinkedHashMap<>();
        for (SinkOptionsSpec spec : ServiceLoader.load(SinkOptionsSpec.class, loader)) {
            SinkOptionsSpec previous = specs.putIfAbsent(spec.type(), spec);
            if (previous != null) {
                // Two jars claiming one type is a packaging mistake; keep the first so behaviour is deterministic.
                LOG.warn("sink type {} registered by both {} and {}; using the first",
                        spec.type(), previous.getClass().getName(), spec.getClass().getName());
            }
        }
        LOG.debug("sink types on the classpath: {}", specs.keySet());
        return new SinkSpecRegistry(specs);
    }

    public static SinkSpecRegistry of(SinkOptionsSpec... specs) {
        SinkSpecRegistry registry = new SinkSpecRegistry(Map.of());
        for (SinkOptionsSpec spec : specs) {
            registry = registry.with(spec);
        }
        return registry;
    }

    /** A copy that also knows (or overrides) {@code spec}'s type. */
    public SinkSpecRegistry with(SinkOptionsSpec spec) {
        Map<String, SinkOptionsSpec> specs = new LinkedHashMap<>(specsByType);
        specs.put(spec.type(), spec);
        return new SinkSpecRegistry(specs);
    }

    public Optional<SinkOptionsSpec> find(String type) {
        return Optional.ofNullable(specsByType.get(type));
    }

    public Set<String> types() {
        return specsByType.keySet();
    }
}
