package io.tributary.job;

import com.typesafe.config.ConfigOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The errors found so far in one job file. */
final class Problems {
    private final Path file;
    private final List<ValidationError> errors = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(ConfigOrigin origin, String keyPath, String message) {
        add(origin == null ? -1 : origin.lineNumber(), keyPath, message);
    }

    void add(int line, String keyPath, String message) {
        errors.add(new ValidationError(file, line, keyPath.isEmpty() ? "(root)" : keyPath, message));
    }

    int count() {
        return errors.size();
    }

    /** Stable sort, so errors on one line keep the order they were found in. */
    List<ValidationError> sortedByLine() {
        List<ValidationError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ValidationError::line));
        return sorted;
    }
}
