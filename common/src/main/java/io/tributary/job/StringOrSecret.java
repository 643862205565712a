package io.tributary.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A setting that is either written in the job file or points at a secret (e.g. kafka_options, where
 * {@code security.protocol} is plain but {@code sasl.jaas.config} is a secret).
 */
public sealed interface StringOrSecret permits StringOrSecret.Literal, SecretRef {

    /** Resolves the value at run time; literals resolve to themselves. */
    Secret resolve();

    record Literal(String value) implements StringOrSecret {
        @Override
        public Secret resolve() {
            return Secret.of(value);
        }
    }

    /** Resolves every value, for handing options to a client; the result must not be logged. */
    static Map<String, String> revealAll(Map<String, StringOrSecret> options) {
        Map<String, String> plain = new LinkedHashMap<>();
        options.forEach((key, value) -> plain.put(key, value.resolve().reveal()));
        return plain;
    }
}
