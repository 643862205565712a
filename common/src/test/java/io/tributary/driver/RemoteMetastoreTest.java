package io.tributary.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localstack.HiveMetastoreServer;
import io.tributary.localstack.LocalStack;
import io.tributary.testing.ChildJvm;
import io.tributary.testing.TempDirs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Hive metastore (local-stack) shared by separate JVMs, as users run it: one Spark session writes a table
 * through it, the metastore records it with its files in its own warehouse, and a job started the way
 * {@code bin/tributary run ... --conf spark.hadoop.hive.metastore.uris=thrift://...} starts it reads the table back.
 */
@Timeout(480)
class RemoteMetastoreTest {
  private static Path workDir;
  private static LocalStack stack;
  private static HiveMetastoreServer hive;

  @BeforeAll
  static void startMetastore() throws Exception {
    workDir = Files.createTempDirectory("tributary-remote-metastore");
    stack = LocalStack.inWorkDir(workDir.resolve("stack")).stopOnJvmExit();
    hive = stack.hiveMetastore();
    hive.start();
  }

  @AfterAll
  static void stopMetastore() {
    if (stack != null) {
      stack.clean();
    }
    TempDirs.delete(workDir);
  }

  @Test
  void aTableWrittenThroughTheMetastoreIsReadBackByAJobPointedAtIt() throws Exception {
    // 1. a session that finds the metastore through -Dtributary.hive.metastore.uris writes a table
    Path writerWork = workDir.resolve("writer");
    String written = runJava(List.of("-Dtributary.hive.metastore.uris=" + hive.uri()), HiveTableWriter.class.getName(),
        List.of(writerWork.toString()), workDir.resolve("writer.log"));
    assertFalse(Files.exists(writerWork.resolve("hive/metastore_db")), "no embedded Derby when a metastore is named");

    // 2. the metastore has it, in its own warehouse on the local file system
    Path location = tableLocation("events", "inner_rows");
    assertTrue(location.startsWith(hive.warehouseDir()), location + " is not under " + hive.warehouseDir());
    assertTrue(written.contains("table location: file:" + location), "the writer saw the same location:\n" + written);
    try (Stream<Path> files = Files.walk(location)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")), "data files in " + location);
    }

    // 3. a batch job in another JVM, pointed at the metastore with --conf, reads it
    Path jobFile = workDir.resolve("read-back.conf");
    Files.writeString(jobFile, """
        job { name = read-back }
        source = [ { name = rows, type = hive, thrift_class = io.tributary.events.fixtures.Inner,
                     query = "SELECT id, label FROM events.inner_rows" } ]
        process = [ { name = labels, type = sql, sql = "SELECT id, label FROM rows ORDER BY id" } ]
        sink = [ { name = out, input = labels, type = console, num_rows = 10, truncate = false } ]
        """);
    String job = runJava(List.of(), TributaryMain.class.getName(), List.of("run", "--job", jobFile.toString(),
        "--mode", "batch", "--conf", "spark.hadoop.hive.metastore.uris=" + hive.uri(),
        "--work-dir", workDir.resolve("job").toString()), workDir.resolve("job.log"));
    assertTrue(job.matches("(?s).*-- read-back/out batch \\d+: 3 rows.*\\|3 +\\|three\\|.*"), job);
    assertFalse(Files.exists(workDir.resolve("job/hive/metastore_db")), "the job used the named metastore");
  }

  private static Path tableLocation(String database, String table) throws Exception {
    HiveConf conf = new HiveConf();
    conf.setVar(HiveConf.ConfVars.METASTOREURIS, hive.uri());
    HiveMetaStoreClient client = new HiveMetaStoreClient(conf);
    try {
      Table t = client.getTable(database, table);
      return Path.of(URI.create(t.getSd().getLocation()));
    } finally {
      client.close();
    }
  }

  /** Runs {@code mainClass} in a JVM of its own on the test classpath; returns its output, failing on a non-zero exit. */
  private static String runJava(List<String> jvmArgs, String mainClass, List<String> args, Path log) throws Exception {
    Process process = ChildJvm.of("768m", jvmArgs, mainClass, args, log).start();
    if (!process.waitFor(200, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(mainClass + " did not finish in 200 s:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    assertEquals(0, process.exitValue(), mainClass + " failed:\n" + output);
    return output;
  }
}
