package io.tributary.job;

import static io.tributary.job.JobFiles.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job file's retry block: defaults, values, and the errors a bad one gets. */
class RetryConfigTest {
    @TempDir
    Path dir;

    private ValidationResult validate(String retryBlock) {
        Path file = JobFiles.write(dir, "job.conf", JobFiles.VALID + retryBlock + "\n");
        return new JobValidator(ProvisionalSinkSpecs.registry()).validate(file, Mode.STREAMING, Map.of());
    }

    @Test
    void withoutABlockTheDefaultRidesOutAboutNinetySeconds() {
        RetrySpec retry = validate("").spec().orElseThrow().retry();
        assertEquals(RetrySpec.DEFAULT, retry);
        assertEquals(Duration.ofSeconds(91), retry.patience());
    }

    @Test
    void backoffDoublesUpToItsCap() {
        RetrySpec retry = validate("retry { max_attempts = 6, initial_backoff = 500ms, max_backoff = 3s }")
            .spec().orElseThrow().retry();
        assertEquals(6, retry.maxAttempts());
        assertEquals(Duration.ofMillis(500), retry.backoffBefore(2));
        assertEquals(Duration.ofSeconds(1), retry.backoffBefore(3));
        assertEquals(Duration.ofSeconds(2), retry.backoffBefore(4));
        assertEquals(Duration.ofSeconds(3), retry.backoffBefore(5));
        assertEquals(Duration.ofSeconds(3), retry.backoffBefore(6));
    }

    @Test
    void aSmallInitialBackoffAloneKeepsTheDefaultCap() {
        RetrySpec retry = validate("retry { initial_backoff = 100ms }").spec().orElseThrow().retry();
        assertEquals(new RetrySpec(8, Duration.ofMillis(100), Duration.ofSeconds(30)), retry);
    }

    @Test
    void badValuesAreNamedWithTheirLine() {
        ValidationResult result = validate("""
            retry {
              max_attempts = 0
              initial_backoff = 0s
              max_backof = 1s
            }""");
        Path file = dir.resolve("job.conf");
        int first = (int) JobFiles.VALID.lines().count() + 2;
        assertError(result, file, first, "retry.max_attempts", "expected 1 to 100 writes of a batch in all");
        assertError(result, file, first + 1, "retry.initial_backoff", "expected a positive duration");
        assertError(result, file, first + 2, "retry.max_backof", "unknown key 'max_backof' (did you mean 'max_backoff'?)");
    }

    @Test
    void aCapBelowTheFirstWaitIsRefused() {
        ValidationResult result = validate("retry { initial_backoff = 10s, max_backoff = 2s }");
        assertError(result, dir.resolve("job.conf"), (int) JobFiles.VALID.lines().count() + 1, "retry.max_backoff",
            "expected at least initial_backoff (PT10S), got PT2S");
    }
}
