package io.tributary.job;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code validate FILE [--mode streaming|batch] [--var name=value ...]}: exits 0 when the job file is valid,
 * 1 with one {@code <file>:<line>: <key.path>: <message>} line per problem on stderr when it is not, 2 on bad
 * usage. Without {@code --mode} both modes are checked, since one file serves both.
 */
public final class ValidateCommand {
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT =
            "usage: validate FILE [--mode streaming|batch] [--var name=value ...]";

    private ValidateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, SinkSpecRegistry.load()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, SinkSpecRegistry sinkSpecs) {
        List<String> arguments = new ArrayList<>(List.of(args));
        if (!arguments.isEmpty() && arguments.get(0).equals("validate")) {
            arguments.remove(0);
        }
        Path file = null;
        List<Mode> modes = List.of(Mode.STREAMING, Mode.BATCH);
        List<String> assignments = new ArrayList<>();
        Map<String, String> vars;
        try {
            for (int i = 0; i < arguments.size(); i++) {
                String argument = arguments.get(i);
                switch (argument) {
                    case "--mode" -> modes = List.of(Mode.fromCli(valueAfter(arguments, i++)));
                    case "--var" -> assignments.add(valueAfter(arguments, i++));
                    default -> {
                        if (argument.startsWith("--") || file != null) {
                            throw new IllegalArgumentException("unexpected argument '" + argument + "'");
                        }
                        file = Path.of(argument);
                    }
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("no job file given");
            }
            vars = JobFile.parseVars(assignments);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }

        JobValidator validator = new JobValidator(sinkSpecs);
        List<ValidationError> errors = new ArrayList<>();
        for (Mode mode : modes) {
            errors.addAll(validator.validate(file, mode, vars).errors());
        }
        errors.sort(Comparator.comparingInt(ValidationError::line));
        // One problem found in both modes is one problem to fix, so print it once.
        Set<String> problems = new LinkedHashSet<>();
        errors.forEach(error -> problems.add(error.toString()));
        if (problems.isEmpty()) {
            out.println(file + ": valid for " + String.join(" and ", modes.stream().map(Mode::cliName).toList())
                    + " mode");
            return VALID;
        }
        problems.forEach(err::println);
        return INVALID;
    }

    private static String valueAfter(List<String> arguments, int index) {
        if (index + 1 >= arguments.size()) {
            throw new IllegalArgumentException(arguments.get(index) + " needs a value");
        }
        return arguments.get(index + 1);
    }
}
