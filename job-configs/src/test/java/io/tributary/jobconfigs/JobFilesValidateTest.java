package io.tributary.jobconfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.tributary.job.JobValidator;
import io.tributary.job.Mode;
import io.tributary.job.SinkSpecRegistry;
import io.tributary.job.ValidationError;
import io.tributary.job.ValidationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job file here validates in both modes against the REAL sink specs: the ones the sink modules this
 * module depends on register through ServiceLoader. A file whose sink module is not a dependency yet is skipped
 * (common's JobConfigsTest still checks it against a provisional spec); add the module to pom.xml to check it here.
 */
class JobFilesValidateTest {
  static final Map<String, String> VARS = Map.of("ds", "2017-06-05", "from", "2017-06-01", "until", "2017-06-08");

  static Stream<Path> jobFiles() throws IOException {
    Path dir = Path.of(System.getProperty("basedir", "."));
    try (Stream<Path> files = Files.walk(dir, 2)) { // the job files and examples/
      List<Path> jobs = files.filter(file -> file.toString().endsWith(".conf") && !file.startsWith(dir.resolve("target"))).sorted().toList();
      assertFalse(jobs.isEmpty(), "no job files in " + dir.toAbsolutePath());
      return jobs.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("jobFiles")
  void validatesInBothModesWithTheRealSinkSpecs(Path jobFile) {
    SinkSpecRegistry registry = SinkSpecRegistry.load();
    List<String> missing = ConfigFactory.parseFile(jobFile.toFile()).getConfigList("sink").stream()
        .map(sink -> sink.getString("type"))
        .filter(type -> registry.find(type).isEmpty())
        .toList();
    assumeTrue(missing.isEmpty(), jobFile.getFileName() + ": sink module for " + missing + " not a dependency yet");
    JobValidator validator = new JobValidator(registry);
    for (Mode mode : Mode.values()) {
      ValidationResult result = validator.validate(jobFile, mode, VARS);
      assertEquals(List.of(), result.errors().stream().map(ValidationError::toString).toList(),
          jobFile.getFileName() + " in " + mode.cliName() + " mode");
    }
  }
}
