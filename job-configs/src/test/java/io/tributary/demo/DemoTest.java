package io.tributary.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localstack.LocalStack;
import io.tributary.localstack.LocalStackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code bin/tributary demo}, as CI can run it: the demo's main in a JVM of its own
 * (as bin/tributary starts it), on a work dir of its own, to the end. Its last line must be {@code demo: ok}; the
 * demo itself checks every store against the events and fails otherwise.
 */
class DemoTest {

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theDemoRunsEndToEndAndEveryStoreChecksOut(@TempDir Path dir) throws Exception {
    Path repository = Path.of(System.getProperty("basedir", ".")).resolve("..").toAbsolutePath().normalize();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx3g"));
    for (String flag : System.getProperty("tributary.test.opens", "").split(" ")) {
      if (!flag.isBlank()) {
        command.add(flag);
      }
    }
    command.addAll(List.of("-Dtributary.home=" + repository, "-Dtributary.work.dir=" + dir.resolve("work"),
        // as bin/tributary runs it: logs to <work dir>/demo.log, progress on the console
        "-Dlog4j2.configurationFile=" + repository.resolve("bin/log4j2-demo.properties"),
        "-cp", System.getProperty("java.class.path"), Demo.class.getName()));
    Path output = dir.resolve("demo.out");
    ProcessBuilder demo = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    demo.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = demo.start();
    try {
      boolean exited = process.waitFor(14, TimeUnit.MINUTES);
      String printed = Files.readString(output);
      assertTrue(exited, "the demo did not finish in 14 minutes:\n" + tail(printed));
      System.out.println(printed);
      assertEquals(0, process.exitValue(), tail(printed));
      List<String> lines = printed.lines().filter(l -> !l.isBlank()).toList();
      assertTrue(lines.get(lines.size() - 1).startsWith("demo: ok"), tail(printed));
      assertTrue(printed.contains("check: 1916 live listings searchable"), tail(printed));
    } finally {
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.MINUTES);
      // The demo stops its servers on exit; after a kill they are still up, found through the work dir.
      new LocalStack(LocalStackConfig.builder().workDir(dir.resolve("work/local-stack")).build()).clean();
    }
  }

  private static String tail(String text) {
    return text.length() < 6000 ? text : "...\n" + text.substring(text.length() - 6000);
  }
}
