package io.tributary.job;

import java.util.Locale;

/** How a job runs: streaming reads each source's Kafka form, batch (a full reindex) reads its Hive form. */
public enum Mode {
    STREAMING("kafka"),
    BATCH("hive");

    private final String sourceType;

    Mode(String sourceType) {
        this.sourceType = sourceType;
    }

    /** The source {@code type} this mode reads. */
    public String sourceType() {
        return sourceType;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode fromCli(String value) {
        for (Mode mode : values()) {
            if (mode.cliName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "', expected streaming or batch");
    }
}
