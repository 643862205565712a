package io.tributary.job;

import java.time.Duration;

/**
 * How often and how patiently a sink write is retried when the store fails transiently (the job file's
 * {@code retry} block). Attempt {@code n > 1} waits {@code initialBackoff * 2^(n-2)}, capped at {@code maxBackoff}.
 *
 * @param maxAttempts writes of one batch in all, the first included; 1 means no retry
 */
public record RetrySpec(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** Rides out about 90 s of outage: waits 1, 2, 4, 8, 16, 30, 30 s between eight attempts. */
    public static final RetrySpec DEFAULT = new RetrySpec(8, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The wait before attempt {@code attempt} (2 for the first retry). */
    public Duration backoffBefore(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 2; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** The sum of every wait between the attempts: how long an outage this policy outlasts, roughly. */
    public Duration patience() {
        Duration total = Duration.ZERO;
        for (int attempt = 2; attempt <= maxAttempts; attempt++) {
            total = total.plus(backoffBefore(attempt));
        }
        return total;
    }
}
