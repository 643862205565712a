package io.tributary.job;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link JobFile#load} with every problem found, so a user fixes a file in one pass. */
public final class JobValidationException extends Exception {
    private final List<ValidationError> errors;

    public JobValidationException(List<ValidationError> errors) {
        super(errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
