package io.tributary.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ValidateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SinkSpecRegistry.load());
    }

    private List<String> stderrLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void validFileExitsZero() {
        Path job = JobFiles.write(dir, "job.conf", JobFiles.VALID);
        assertEquals(0, run("validate", job.toString(), "--var", "ds=2017-06-05"));
        assertEquals(List.of(), stderrLines());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("valid for streaming and batch mode"));
    }

    @Test
    void withoutModeBothModesAreCheckedAndErrorsPrintOncePerProblemInLineOrder() {
        Path job = JobFiles.write(dir, "job.conf", JobFiles.validWithLine(9,
                "sink = [ { name = out, input = latets, type = console } ]"));
        assertEquals(1, run("validate", job.toString()));
        assertEquals(List.of(
                job + ":5: source[1].query: variable ${ds} has no value; pass --var ds=VALUE (--mode batch)",
                job + ":9: sink[0].input: unknown input 'latets': not a source or process step (did you mean 'latest'?)"),
                stderrLines());
    }

    @Test
    void modeLimitsTheCheck() {
        Path job = JobFiles.write(dir, "job.conf", JobFiles.VALID);
        assertEquals(0, run("validate", job.toString(), "--mode", "streaming"));
        assertEquals(1, run("validate", job.toString(), "--mode", "batch"));
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run("validate"));
        assertEquals(2, run("validate", "a.conf", "--var", "novalue"));
        assertEquals(2, run("validate", "a.conf", "--mode", "sometimes"));
        assertEquals(2, run("validate", "a.conf", "--frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: validate FILE"));
    }
}
