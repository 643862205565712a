package io.tributary.job;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The entry point for code that runs jobs: load a job file for one mode or fail with every problem in it. */
public final class JobFile {
    private JobFile() {
    }

    /** Validates against the sink specs registered on the classpath. */
    public static JobSpec load(Path file, Mode mode, Map<String, String> vars) throws JobValidationException {
        return load(file, mode, vars, SinkSpecRegistry.load());
    }

    public static JobSpec load(Path file, Mode mode, Map<String, String> vars, SinkSpecRegistry sinkSpecs)
            throws JobValidationException {
        ValidationResult result = new JobValidator(sinkSpecs).validate(file, mode, vars);
        if (!result.isValid()) {
            throw new JobValidationException(result.errors());
        }
        return result.spec().orElseThrow();
    }

    /** Parses {@code --var} values of the form {@code name=value}; the value may itself contain '='. */
    public static Map<String, String> parseVars(List<String> assignments) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected --var name=value, got '" + assignment + "'");
            }
            vars.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        return vars;
    }
}
