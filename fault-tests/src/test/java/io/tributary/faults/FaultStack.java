package io.tributary.faults;

import io.tributary.localstack.LocalStack;
import java.nio.file.Path;

/**
 * The local stack of one fault-test class, in its own work dir under target/ (free ports, so it never meets a
 * running stack); {@code clean()} after the class stops every server and deletes the dir, so the next class starts
 * only the servers it needs on a machine that runs nothing else of ours.
 */
final class FaultStack {
  private FaultStack() {}

  static LocalStack of(String name) {
    String base = System.getProperty("tributary.localstack.workDir", "target/local-stack-it");
    return LocalStack.inWorkDir(Path.of(base, name)).stopOnJvmExit();
  }

  /** After a class: stops and deletes its stack (if it got one) and its work dir. */
  static void cleanUp(LocalStack stack, Path work) {
    if (stack != null) {
      stack.clean();
    }
    io.tributary.testing.TempDirs.delete(work);
  }

  static Path workDir(String name) {
    return Path.of(System.getProperty("tributary.localstack.workDir", "target/local-stack-it")).toAbsolutePath()
        .getParent().resolve("fault-work").resolve(name);
  }
}
