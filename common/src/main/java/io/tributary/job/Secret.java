package io.tributary.job;

/**
 * A resolved secret. Deliberately not a record and not a CharSequence: toString() is masked so the value cannot
 * reach a log line, an exception message or a Spark plan string by accident; callers must ask for it by name.
 */
public final class Secret {
    static final String MASK = "***";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    static Secret of(String value) {
        return new Secret(value);
    }

    /** The plain value; call it only where the value leaves for its consumer (a Kafka or ES client setting). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
