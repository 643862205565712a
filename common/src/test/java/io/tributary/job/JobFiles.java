package io.tributary.job;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes job files for tests and asserts on validation errors. */
final class JobFiles {
    private JobFiles() {
    }

    /** A valid job: line numbers below are relied on by tests that change one line of it. */
    static final String VALID = """
            job { name = test-job }
            source = [
              { name = listings, type = kafka, topics = [listings], bootstrap_servers = "127.0.0.1:9092",
                thrift_class = io.tributary.events.ListingEvent }
              { name = listings, type = hive, query = "SELECT * FROM events.listings WHERE ds = '${ds}'",
                thrift_class = io.tributary.events.ListingEvent }
            ]
            process = [ { name = latest, type = sql, sql = "SELECT listing_id, title FROM listings" } ]
            sink = [ { name = out, input = latest, type = console } ]
            streaming { checkpoint_dir = /tmp/ckpt }
            """;

    static Path write(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a line (1-based) of {@link #VALID}, keeping every other line where it was. */
    static String validWithLine(int line, String replacement) {
        List<String> lines = new java.util.ArrayList<>(VALID.lines().toList());
        lines.set(line - 1, replacement);
        return String.join("\n", lines) + "\n";
    }

    static ValidationError assertError(ValidationResult result, Path file, int line, String keyPath,
                                       String messageFragment) {
        for (ValidationError error : result.errors()) {
            if (error.line() == line && error.keyPath().equals(keyPath) && error.message().contains(messageFragment)) {
                assertTrue(error.file().equals(file), "error names " + error.file() + ", not " + file);
                assertTrue(error.toString().startsWith(file + ":" + line + ": " + keyPath + ": "), error.toString());
                return error;
            }
        }
        return fail("no error at line " + line + ", key " + keyPath + " containing \"" + messageFragment
                + "\"; errors were:\n" + result.errors().stream().map(ValidationError::toString)
                .collect(Collectors.joining("\n")));
    }
}
