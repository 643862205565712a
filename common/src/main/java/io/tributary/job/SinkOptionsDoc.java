package io.tributary.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Every sink's keys as Markdown, rendered from the same specs validation uses, so the README's table cannot drift
 * from the code ({@code bin/tributary sinks} prints it; a test compares it with README.md).
 */
public final class SinkOptionsDoc {
    private SinkOptionsDoc() {
    }

    public static String markdown(SinkSpecRegistry registry) {
        StringBuilder out = new StringBuilder();
        for (String type : registry.types().stream().sorted().toList()) {
            SinkOptionsSpec spec = registry.find(type).orElseThrow();
            out.append("**`").append(type).append("`**\n\n| key | value | |\n|---|---|---|\n");
            for (OptionSpec option : spec.options()) {
                List<String> notes = new ArrayList<>();
                notes.add(option.required() ? "required" : "optional");
                if (!option.allowedValues().isEmpty()) {
                    notes.add("one of " + String.join(", ", option.allowedValues()));
                }
                if (option.description() != null && !option.description().isBlank()) {
                    notes.add(option.description());
                }
                out.append("| `").append(option.key()).append("` | ").append(option.type().expected()).append(" | ")
                    .append(String.join("; ", notes).replace("|", "\\|")).append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
