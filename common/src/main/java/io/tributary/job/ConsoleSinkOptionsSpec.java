package io.tributary.job;

import java.util.List;

/** {@code type = console}: prints rows, for trying a job locally. */
public final class ConsoleSinkOptionsSpec implements SinkOptionsSpec {

    @Override
    public String type() {
        return "console";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.optional("num_rows", OptionType.INT, "rows shown per batch"),
                OptionSpec.optional("truncate", OptionType.BOOLEAN, "truncate long cell values"));
    }
}
