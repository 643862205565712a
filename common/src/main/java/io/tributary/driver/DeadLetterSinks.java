package io.tributary.driver;

import io.tributary.deadletter.DeadLetterSink;
import io.tributary.deadletter.KafkaDeadLetterSink;
import io.tributary.deadletter.PathDeadLetterSink;
import io.tributary.job.DeadLetterSpec;
import io.tributary.job.JobSpec;
import io.tributary.job.StringOrSecret;
import java.nio.file.Path;

/** Builds the job's dead-letter destination; a job without a {@code dead_letter} block still keeps them, under the work dir. */
final class DeadLetterSinks {
  private DeadLetterSinks() {}

  static DeadLetterSink create(JobSpec job, Path workDir) {
    if (job.deadLetter().isEmpty()) {
      return new PathDeadLetterSink(workDir.resolve("dead-letters").resolve(job.name()).toString(), "json");
    }
    DeadLetterSpec spec = job.deadLetter().get();
    if (spec instanceof DeadLetterSpec.Files files) {
      return new PathDeadLetterSink(files.path(), "json");
    }
    DeadLetterSpec.Kafka kafka = (DeadLetterSpec.Kafka) spec;
    // The validator fills in the Kafka source's brokers when the block names none.
    String brokers = kafka.bootstrapServers().orElseThrow(() -> new IllegalArgumentException(
        job.file() + ": dead_letter.bootstrap_servers is required when the job has no Kafka source"));
    return new KafkaDeadLetterSink(brokers, kafka.topic(), StringOrSecret.revealAll(kafka.kafkaOptions()));
  }
}
