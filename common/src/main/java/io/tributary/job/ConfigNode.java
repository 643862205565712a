package io.tributary.job;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An object in the job file, with typed getters that record an error and return null when a key is
 * missing or has the wrong type, so parsing carries on and collects every problem.
 */
final class ConfigNode {
    /** Source and step names become Spark temporary view names, so they must be plain SQL identifiers. */
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Keys whose literal value would be a credential committed with the job file. */
    private static final Pattern CREDENTIAL_KEY =
            Pattern.compile("(?i).*(password|passwd|\\.pass$|jaas|secret|credential).*");

    final ConfigObject object;
    final String path;
    private final Problems problems;

    ConfigNode(ConfigObject object, String path, Problems problems) {
        this.object = object;
        this.path = path;
        this.problems = problems;
    }

    int line() {
        return object.origin().lineNumber();
    }

    int lineOf(String key) {
        ConfigValue value = object.get(key);
        return value != null && value.origin().lineNumber() > 0 ? value.origin().lineNumber() : line();
    }

    String pathOf(String key) {
        return join(path, key);
    }

    void errorAt(String key, String message) {
        errorAt(key, lineOf(key), message);
    }

    void errorAt(String key, int line, String message) {
        problems.add(line, pathOf(key), message);
    }

    /** The value, or null when absent or set to null (HOCON's way to unset an inherited key). */
    ConfigValue value(String key) {
        ConfigValue value = object.get(key);
        return value == null || value.valueType() == ConfigValueType.NULL ? null : value;
    }

    private ConfigValue present(String key, boolean required) {
        ConfigValue value = value(key);
        if (value == null && required) {
            problems.add(line(), pathOf(key), "missing required key '" + key + "'");
        }
        return value;
    }

    private void wrongType(String key, String expected, ConfigValue value) {
        errorAt(key, "expected " + expected + ", got " + describe(value.valueType()));
    }

    void checkKeys(Collection<String> allowed, Map<String, String> explanations) {
        for (String key : object.keySet()) {
            if (allowed.contains(key)) {
                continue;
            }
            String explanation = explanations.get(key);
            errorAt(key, "unknown key '" + key + "'" + (explanation != null ? ": " + explanation
                    : Suggestions.closest(key, allowed).map(match -> " (did you mean '" + match + "'?)")
                    .orElse("; expected one of " + String.join(", ", allowed))));
        }
    }

    String string(String key, boolean required) {
        ConfigValue value = present(key, required);
        if (value == null) {
            return null;
        }
        // Numbers and booleans read as strings too: HOCON users write ports and versions unquoted.
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
            wrongType(key, "a string", value);
            return null;
        }
        String text = String.valueOf(value.unwrapped());
        if (required && text.isBlank()) {
            errorAt(key, "expected a non-empty string");
            return null;
        }
        return text;
    }

    /** A name Spark can register as a temporary view and SQL can read without quoting. */
    String sqlName(String key) {
        String name = string(key, true);
        if (name != null && !SQL_IDENTIFIER.matcher(name).matches()) {
            errorAt(key, "'" + name + "' is not a SQL identifier (letters, digits and _, not starting"
                    + " with a digit); process SQL reads it by this name");
            return null;
        }
        return name;
    }

    String oneOf(String key, boolean required, String... allowed) {
        String text = string(key, required);
        List<String> values = List.of(allowed);
        if (text != null && !values.contains(text)) {
            errorAt(key, "expected " + String.join(" | ", values) + ", got '" + text + "'"
                    + Suggestions.didYouMean(text, values));
            return null;
        }
        return text;
    }

    /** Converts with Typesafe Config's own rules (e.g. "10s", "100" as a number) for consistency. */
    private <T> T converted(String key, boolean required, String expected, Function<String, T> getter) {
        ConfigValue value = present(key, required);
        if (value == null) {
            return null;
        }
        try {
            return getter.apply(ConfigUtil.joinPath(key));
        } catch (ConfigException e) {
            wrongType(key, expected, value);
            return null;
        }
    }

    Long longValue(String key, boolean required) {
        return converted(key, required, OptionType.LONG.expected(), object.toConfig()::getLong);
    }

    Integer intValue(String key, boolean required) {
        return converted(key, required, OptionType.INT.expected(), object.toConfig()::getInt);
    }

    Boolean bool(String key, boolean required) {
        return converted(key, required, OptionType.BOOLEAN.expected(), object.toConfig()::getBoolean);
    }

    Duration duration(String key, boolean required) {
        return converted(key, required, OptionType.DURATION.expected(), object.toConfig()::getDuration);
    }

    ConfigNode object(String key, boolean required) {
        ConfigValue value = present(key, required);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ConfigObject child)) {
            wrongType(key, "an object", value);
            return null;
        }
        return new ConfigNode(child, pathOf(key), problems);
    }

    List<ConfigNode> objectList(String key, boolean required) {
        ConfigValue value = present(key, required);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof ConfigList list)) {
            wrongType(key, "a list of objects", value);
            return List.of();
        }
        if (required && list.isEmpty()) {
            errorAt(key, "expected at least one entry");
        }
        List<ConfigNode> nodes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String elementPath = pathOf(key) + "[" + i + "]";
            if (list.get(i) instanceof ConfigObject element) {
                nodes.add(new ConfigNode(element, elementPath, problems));
            } else {
                problems.add(list.get(i).origin(), elementPath,
                        "expected an object, got " + describe(list.get(i).valueType()));
            }
        }
        return nodes;
    }

    List<String> stringList(String key, boolean required) {
        ConfigValue value = present(key, required);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ConfigList list)) {
            wrongType(key, OptionType.STRING_LIST.expected(), value);
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue element = list.get(i);
            if (element.valueType() == ConfigValueType.OBJECT || element.valueType() == ConfigValueType.LIST
                    || element.valueType() == ConfigValueType.NULL) {
                problems.add(element.origin(), pathOf(key) + "[" + i + "]",
                        "expected a string, got " + describe(element.valueType()));
                return null;
            }
            strings.add(String.valueOf(element.unwrapped()));
        }
        return strings;
    }

    SecretRef secret(String key, boolean required) {
        ConfigValue value = present(key, required);
        if (value == null) {
            return null;
        }
        if (value instanceof ConfigObject reference) {
            return secretRef(reference, pathOf(key));
        }
        // Never echo the value: a literal here is most likely the secret itself.
        errorAt(key, "expected " + OptionType.SECRET.expected() + ", got " + describe(value.valueType())
                + "; secrets stay out of job files");
        return null;
    }

    /** Settings passed through to a client; values are literals or secret references. */
    Map<String, StringOrSecret> stringMap(String key) {
        ConfigValue value = present(key, false);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof ConfigObject settings)) {
            wrongType(key, OptionType.STRING_MAP.expected(), value);
            return null;
        }
        ConfigNode node = new ConfigNode(settings, pathOf(key), problems);
        Map<String, StringOrSecret> result = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, ConfigValue> setting : settings.entrySet()) {
            String name = setting.getKey();
            ConfigValue settingValue = setting.getValue();
            if (settingValue instanceof ConfigObject reference) {
                SecretRef secret = secretRef(reference, node.pathOf(name));
                valid &= secret != null;
                result.put(name, secret);
            } else if (settingValue.valueType() == ConfigValueType.LIST
                    || settingValue.valueType() == ConfigValueType.NULL) {
                node.errorAt(name, "expected a string or " + OptionType.SECRET.expected() + ", got "
                        + describe(settingValue.valueType()));
                valid = false;
            } else if (CREDENTIAL_KEY.matcher(name).matches()) {
                node.errorAt(name, "looks like a credential; write " + OptionType.SECRET.expected()
                        + " so the value stays out of the job file");
                valid = false;
            } else {
                result.put(name, new StringOrSecret.Literal(String.valueOf(settingValue.unwrapped())));
            }
        }
        return valid ? result : null;
    }

    private SecretRef secretRef(ConfigObject reference, String referencePath) {
        ConfigNode node = new ConfigNode(reference, referencePath, problems);
        Set<String> keys = reference.keySet();
        if (keys.equals(Set.of("env"))) {
            String variable = node.string("env", true);
            return variable == null ? null : new SecretRef.FromEnv(variable);
        }
        if (keys.equals(Set.of("file"))) {
            String secretFile = node.string("file", true);
            return secretFile == null ? null : new SecretRef.FromFile(Path.of(secretFile));
        }
        problems.add(reference.origin(), referencePath, "expected " + OptionType.SECRET.expected()
                + ", got an object with keys " + new TreeSet<>(keys));
        return null;
    }

    List<Map<String, Object>> plainObjectList(String key, boolean required) {
        ConfigValue value = present(key, required);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ConfigList list)
                || !list.stream().allMatch(element -> element instanceof ConfigObject)) {
            wrongType(key, OptionType.OBJECT_LIST.expected(), value);
            return null;
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        list.forEach(element -> objects.add(Collections.unmodifiableMap(((ConfigObject) element).unwrapped())));
        return List.copyOf(objects);
    }

    Object option(OptionSpec option) {
        String key = option.key();
        boolean required = option.required();
        return switch (option.type()) {
            case STRING -> option.allowedValues().isEmpty() ? string(key, required)
                    : oneOf(key, required, option.allowedValues().toArray(String[]::new));
            case INT -> intValue(key, required);
            case LONG -> longValue(key, required);
            case BOOLEAN -> bool(key, required);
            case DURATION -> duration(key, required);
            case STRING_LIST -> {
                List<String> list = stringList(key, required);
                yield list == null ? null : List.copyOf(list);
            }
            case SECRET -> secret(key, required);
            case STRING_MAP -> {
                if (required) {
                    present(key, true);
                }
                Map<String, StringOrSecret> map = stringMap(key);
                yield map == null || map.isEmpty() && value(key) == null ? null : Map.copyOf(map);
            }
            case OBJECT_LIST -> plainObjectList(key, required);
        };
    }

    static String join(String path, String key) {
        // Quote keys with dots (Kafka settings) the way HOCON paths do, so the printed path is unambiguous.
        String quoted = ConfigUtil.joinPath(key);
        return path.isEmpty() ? quoted : path + "." + quoted;
    }

    static String describe(ConfigValueType type) {
        return switch (type) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case STRING -> "a string";
        };
    }
}
