package io.tributary.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The committed Java must be exactly what the IDL generates, so nobody edits generated code by hand. */
class GeneratedCodeMatchesIdlTest {

  @Test
  void committedJavaIsWhatTheIdlGenerates() throws Exception {
    File dir = new File(System.getenv().getOrDefault("THRIFT_SCHEMAS_DIR", "."));
    Process check = new ProcessBuilder("bash", new File(dir, "generate.sh").getPath(), "--check")
        .redirectErrorStream(true)
        .start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(120, TimeUnit.SECONDS)) {
      check.destroyForcibly();
    }
    assertEquals(0, check.exitValue(), "generate.sh --check failed:\n" + output);
  }
}
