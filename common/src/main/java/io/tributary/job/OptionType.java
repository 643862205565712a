package io.tributary.job;

/** The value types a sink option can declare; {@link SinkOptions} hands them out as the Java type noted. */
public enum OptionType {
    /** String. */
    STRING("a string"),
    /** Integer. */
    INT("an integer"),
    /** Long. */
    LONG("an integer"),
    /** Boolean. */
    BOOLEAN("a boolean"),
    /** java.time.Duration; HOCON durations such as {@code 10s} or a number of milliseconds. */
    DURATION("a duration such as 10s"),
    /** List of String. */
    STRING_LIST("a list of strings"),
    /** SecretRef: only {@code { env = NAME }} or {@code { file = /path }}, never a literal in the file. */
    SECRET("{ env = NAME } or { file = /path }"),
    /** Map of String to StringOrSecret, e.g. client settings passed through verbatim. */
    STRING_MAP("an object of string settings"),
    /** List of Map of String to Object (plain Java values), for structured settings such as Druid metrics. */
    OBJECT_LIST("a list of objects");

    private final String expected;

    OptionType(String expected) {
        this.expected = expected;
    }

    /** How validation messages describe this type ("expected ..."). */
    public String expected() {
        return expected;
    }
}
