package io.tributary.jobconfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.job.SinkOptionsDoc;
import io.tributary.job.SinkSpecRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md's sink key tables are exactly what the sink specs on this module's classpath declare. */
class ReadmeSinkOptionsTest {
  private static final String BEGIN = "<!-- sink-options:begin -->\n";
  private static final String END = "<!-- sink-options:end -->";

  @Test
  void readmeListsEverySinkKeyAsDeclared() throws Exception {
    Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
    String text = Files.readString(readme);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertTrue(begin >= 0 && end > begin, readme + " has no " + BEGIN.trim() + " ... " + END + " section");
    String expected = SinkOptionsDoc.markdown(SinkSpecRegistry.load());
    assertEquals(expected, text.substring(begin + BEGIN.length(), end),
        "README.md's sink keys differ from the specs; paste the output of `bin/tributary sinks` between the markers");
  }
}
