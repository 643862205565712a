package io.tributary.job;

import java.nio.file.Path;

/**
 * One problem in a job file. Messages never carry secret values: validation only ever sees secret references.
 *
 * @param line 1-based line in {@code file}, or -1 when Typesafe Config could not tell
 */
public record ValidationError(Path file, int line, String keyPath, String message) {

    /** {@code <file>:<line>: <key.path>: <message>}, the format editors and CI logs can jump to. */
    @Override
    public String toString() {
        return file + ":" + (line > 0 ? line : "?") + ": " + keyPath + ": " + message;
    }
}
