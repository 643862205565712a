package io.tributary.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of its own on the test classpath, with Spark's Java 17 flags and a loopback driver, for what must not share
 * the test JVM's Spark context (a job as users run it, a session with another metastore).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** The process for {@code mainClass args}, its stdout and stderr going to {@code log}. */
  public static ProcessBuilder of(String heap, List<String> jvmArgs, String mainClass, List<String> args, Path log) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
    command.addAll(List.of(System.getProperty("tributary.test.opens", "").split(" ")));
    command.removeIf(String::isBlank);
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder;
  }
}
