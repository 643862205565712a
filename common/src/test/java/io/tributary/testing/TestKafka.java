package io.tributary.testing;

import io.tributary.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Kafka broker (local-stack) in a temp work dir, for one test class; {@link #close()} leaves nothing behind. */
public final class TestKafka implements AutoCloseable {
  private final Path workDir;
  private final LocalStack stack;

  private TestKafka(Path workDir) {
    this.workDir = workDir;
    this.stack = LocalStack.inWorkDir(workDir.resolve("stack"));
  }

  public static TestKafka start(String name) throws IOException {
    TestKafka kafka = new TestKafka(Files.createTempDirectory("tributary-" + name));
    kafka.stack.stopOnJvmExit();
    kafka.stack.kafka().start();
    return kafka;
  }

  public String bootstrapServers() {
    return stack.kafka().bootstrapServers();
  }

  /** A scratch dir of the test's own (job files, checkpoints, dead letters). */
  public Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    stack.clean();
    TempDirs.delete(workDir);
  }
}
