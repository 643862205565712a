package io.tributary.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every job file users run must validate in both modes (against the provisional ES/Druid/HBase specs for now). */
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

    /** A job file whose sink module has shipped is validated with the real spec in job-configs' own test. */
    static void assumeSinksKnown(Path jobFile) {
        List<String> types = com.typesafe.config.ConfigFactory.parseFile(jobFile.toFile()).getConfigList("sink").stream()
                .map(sink -> sink.getString("type")).toList();
        Assumptions.assumeTrue(ProvisionalSinkSpecs.registry().types().containsAll(types),
                jobFile + " needs " + types + "; validated in job-configs with the sink modules on the classpath");
    }

    @ParameterizedTest
    @MethodSource("jobFiles")
    void validatesInBothModes(Path jobFile) {
        assumeSinksKnown(jobFile);
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
        assumeSinksKnown(jobFile);
        int exit = ValidateCommand.run(new String[] {"validate", jobFile.toString(), "--var", "ds=2017-06-05",
                        "--var", "from=2017-06-01", "--var", "until=2017-06-08"},
                System.out, System.err, ProvisionalSinkSpecs.registry());
        assertEquals(ValidateCommand.VALID, exit);
    }
}
