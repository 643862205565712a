package io.tributary.faults;

import io.tributary.localstack.LocalStack;
import io.tributary.localstack.Server;
import io.tributary.localstack.ServerStatus;
import io.tributary.testing.TempDirs;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The servers of one fault-test class, in their own local-stack work dir under target/ (free ports, so they never
 * meet a running stack), and the class's scratch dir. {@link #close()} stops every server and deletes both, so the
 * next class starts only the servers it needs on a machine that runs nothing else of ours.
 */
final class FaultStack implements AutoCloseable {
  private final LocalStack stack;
  private final Path work;

  private FaultStack(String name) {
    Path base = Path.of(System.getProperty("tributary.localstack.workDir", "target/local-stack-it")).toAbsolutePath();
    this.stack = LocalStack.inWorkDir(base.resolve(name)).stopOnJvmExit();
    this.work = base.getParent().resolve("fault-work").resolve(name);
  }

  @SafeVarargs
  static FaultStack start(String name, Function<LocalStack, Server>... servers) {
    FaultStack faultStack = new FaultStack(name);
    faultStack.close(); // what an interrupted earlier run left (topics, checkpoints) would skew the figures
    for (Function<LocalStack, Server> server : servers) {
      ServerStatus status = server.apply(faultStack.stack).start();
      if (!status.healthy()) {
        throw new IllegalStateException(status.describe());
      }
    }
    return faultStack;
  }

  LocalStack stack() {
    return stack;
  }

  /** The class's scratch dir: job files, checkpoints, the jobs' logs. */
  Path work() {
    return work;
  }

  String bootstrapServers() {
    return stack.kafka().bootstrapServers();
  }

  Topics topics() {
    return new Topics(bootstrapServers());
  }

  @Override
  public void close() {
    stack.clean();
    TempDirs.delete(work);
  }
}
