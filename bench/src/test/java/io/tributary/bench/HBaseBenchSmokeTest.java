package io.tributary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bench hbase end to end on a few thousand rows (numbers meaningless): all three paths write and verify. */
class HBaseBenchSmokeTest {
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void runsAllThreePathsAndReportsTheRatios() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "tributary-bench-hbase-smoke-" + ProcessHandle.current().pid());
    try {
      HBaseBench.Result result = HBaseBench.run(3000, workDir, "512m", 2, true, false, new PrintStream(buffer, true));
      String out = buffer.toString();
      assertTrue(out.contains("checked: every table of every round held 3000 rows"), out);
      assertEquals(3000, result.rows());
      assertTrue(result.lastLine().matches("hbase bulk/put speedup: [0-9.]+x, put-path/raw: [0-9.]+"),
          result.lastLine());
    } finally {
      io.tributary.localstack.LocalStack.inWorkDir(workDir).clean();
    }
  }
}
