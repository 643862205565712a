package io.tributary.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job file users run must validate in both modes, against stand-in specs for sinks not shipped yet. Files
 * with a sink type whose real spec lives in a sink module are validated by job-configs' own test, which has those
 * modules on its classpath.
 */
class JobConfigsTest {

    static Path jobConfigsDir() {
        // Surefire runs in common/; job-configs/ is its sibling.
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("../job-configs").normalize();
        assertTrue(Files.isDirectory(dir), "job-configs/ not found at " + dir.toAbsolutePath());
        return dir;
    }

    static Stream<Path> jobFiles() throws IOException {
        try (Stream<Path> files = Files.list(jobConfigsDir())) {
            List<Path> jobs = files.filter(file -> file.toString().endsWith(".conf")).sorted().toList();
            assertFalse(jobs.isEmpty(), "no job files in job-configs/");
            return jobs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("jobFiles")
    void validatesInBothModes(Path jobFile) {
        assumeKnownSinkTypes(jobFile);
        JobValidator validator = new JobValidator(ProvisionalSinkSpecs.registry());
        for (Mode mode : Mode.values()) {
            ValidationResult result = validator.validate(jobFile, mode, ProvisionalSinkSpecs.reindexVars());
            assertEquals(List.of(), result.errors().stream().map(ValidationError::toString).toList(),
                    jobFile + " in " + mode.cliName() + " mode");
        }
    }

    @ParameterizedTest
    @MethodSource("jobFiles")
    void validateCommandAcceptsIt(Path jobFile) {
        assumeKnownSinkTypes(jobFile);
        int exit = ValidateCommand.run(new String[] {"validate", jobFile.toString(), "--var", "ds=2017-06-05",
                        "--var", "from=2017-06-01", "--var", "until=2017-06-08"},
                System.out, System.err, ProvisionalSinkSpecs.registry());
        assertEquals(ValidateCommand.VALID, exit);
    }

    static void assumeKnownSinkTypes(Path jobFile) {
        SinkSpecRegistry registry = ProvisionalSinkSpecs.registry();
        List<String> missing = ConfigFactory.parseFile(jobFile.toFile()).getConfigList("sink").stream()
                .map(sink -> sink.getString("type"))
                .filter(type -> registry.find(type).isEmpty())
                .toList();
        assumeTrue(missing.isEmpty(), jobFile + " uses " + missing + ": validated in job-configs with the real specs");
    }
}
