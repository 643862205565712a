package io.tributary.jobconfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job file here validates in both modes with the real sink specs on the classpath (ServiceLoader). A file whose
 * sink module has not shipped yet is skipped here and validated against common's test stand-ins instead.
 */
class RealSinkSpecsTest {
  static final Map<String, String> VARS = Map.of("ds", "2017-06-05", "from", "2017-06-01", "until", "2017-06-08");

  static Stream<Path> jobFiles() throws IOException {
    Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("jobFiles")
  void validatesWithTheRealSpecs(Path jobFile) {
    SinkSpecRegistry registry = SinkSpecRegistry.load();
    assertTrue(registry.types().contains("hbase_update"), "hbase-writer's spec is registered: " + registry.types());
    List<String> types = com.typesafe.config.ConfigFactory.parseFile(jobFile.toFile()).getConfigList("sink").stream()
        .map(sink -> sink.getString("type")).toList();
    Assumptions.assumeTrue(registry.types().containsAll(types), jobFile + " needs a sink module not yet here");
    for (Mode mode : Mode.values()) {
      ValidationResult result = new JobValidator(registry).validate(jobFile, mode, VARS);
      assertEquals(List.of(), result.errors().stream().map(ValidationError::toString).toList(),
          jobFile + " in " + mode + " mode");
    }
  }
}
