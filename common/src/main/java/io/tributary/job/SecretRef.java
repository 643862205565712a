package io.tributary.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a secret lives: {@code { env = NAME }} or {@code { file = /path }} in a job file. Only the reference is
 * parsed and printed; the value is read by {@link #resolve()} when the job runs, so it never sits in the spec.
 */
public sealed interface SecretRef extends StringOrSecret permits SecretRef.FromEnv, SecretRef.FromFile {

    record FromEnv(String variable) implements SecretRef {
        @Override
        public Secret resolve() {
            return resolve(System::getenv);
        }

        Secret resolve(Function<String, String> environment) {
            String value = environment.apply(variable);
            if (value == null) {
                throw new SecretUnavailableException("environment variable " + variable + " is not set");
            }
            return Secret.of(value);
        }
    }

    record FromFile(Path path) implements SecretRef {
        @Override
        public Secret resolve() {
            try {
                // Secret files usually end with a newline that is not part of the secret (echo, k8s secrets).
                return Secret.of(Files.readString(path, StandardCharsets.UTF_8).stripTrailing());
            } catch (IOException e) {
                // The cause's message names only the path, never the content.
                throw new SecretUnavailableException("cannot read secret file " + path + ": " + e);
            }
        }
    }

    final class SecretUnavailableException extends RuntimeException {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }
}
