package io.tributary.job;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sink's validated options, typed as its {@link SinkOptionsSpec} declared (see {@link OptionType} for the Java
 * type of each). Absent optional keys are simply missing; defaults belong to the sink module.
 */
public final class SinkOptions {
    private final Map<String, Object> values;

    SinkOptions(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static SinkOptions of(Map<String, Object> values) {
        return new SinkOptions(values);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("sink option " + key + " is a " + value.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName() + "; check the sink's OptionSpec");
        }
        return Optional.of(type.cast(value));
    }

    public Optional<String> string(String key) {
        return get(key, String.class);
    }

    public Optional<Integer> integer(String key) {
        return get(key, Integer.class);
    }

    public Optional<Long> longValue(String key) {
        return get(key, Long.class);
    }

    public Optional<Boolean> bool(String key) {
        return get(key, Boolean.class);
    }

    public Optional<Duration> duration(String key) {
        return get(key, Duration.class);
    }

    @SuppressWarnings("unchecked")
    public List<String> stringList(String key) {
        return get(key, List.class).map(list -> (List<String>) list).orElse(List.of());
    }

    public Optional<SecretRef> secret(String key) {
        return get(key, SecretRef.class);
    }

    @SuppressWarnings("unchecked")
    public Map<String, StringOrSecret> stringMap(String key) {
        return get(key, Map.class).map(map -> (Map<String, StringOrSecret>) map).orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> objectList(String key) {
        return get(key, List.class).map(list -> (List<Map<String, Object>>) list).orElse(List.of());
    }

    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SinkOptions that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
