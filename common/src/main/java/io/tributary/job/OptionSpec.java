package io.tributary.job;

import java.util.List;
import java.util.Objects;

/**
 * One key a sink accepts.
 *
 * @param allowedValues for STRING options only: the accepted values (an enum); empty means any string
 */
public record OptionSpec(String key, OptionType type, boolean required, List<String> allowedValues,
                         String description) {

    public OptionSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        allowedValues = List.copyOf(allowedValues);
        if (!allowedValues.isEmpty() && type != OptionType.STRING) {
            throw new IllegalArgumentException("allowed values only make sense for STRING options: " + key);
        }
    }

    public static OptionSpec required(String key, OptionType type, String description) {
        return new OptionSpec(key, type, true, List.of(), description);
    }

    public static OptionSpec optional(String key, OptionType type, String description) {
        return new OptionSpec(key, type, false, List.of(), description);
    }

    public static OptionSpec oneOf(String key, boolean required, String description, String... values) {
        return new OptionSpec(key, OptionType.STRING, required, List.of(values), description);
    }
}
