package io.tributary.job;

import java.util.List;
import java.util.Optional;

/** Every problem found in a job file, or the spec when there were none. */
public record ValidationResult(List<ValidationError> errors, Optional<JobSpec> spec) {
    public ValidationResult {
        errors = List.copyOf(errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
