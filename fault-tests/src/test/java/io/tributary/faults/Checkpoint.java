package io.tributary.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One sink query's Structured Streaming checkpoint, read from its files: which batch Spark last committed and the
 * Kafka offsets that batch ended at. How a test knows a job made progress (to kill it mid-stream) and when it has
 * caught up with the topic.
 */
record Checkpoint(Path dir) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code <checkpoint_dir>/<sink name>}, where {@code StreamingJob} keeps each sink's query. */
  static Checkpoint of(Path checkpointDir, String sinkName) {
    return new Checkpoint(checkpointDir.resolve(sinkName));
  }

  OptionalLong lastCommittedBatch() {
    Path commits = dir.resolve("commits");
    if (!Files.isDirectory(commits)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.list(commits)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong).max();
    } catch (IOException e) {
      return OptionalLong.empty(); // Spark is renaming files in there; the next look sees them
    }
  }

  /** The sum over every partition of the offsets the last committed batch read up to. */
  long committedOffsetSum() {
    OptionalLong batch = lastCommittedBatch();
    if (batch.isEmpty()) {
      return 0;
    }
    try {
      List<String> lines = Files.readAllLines(dir.resolve("offsets").resolve(Long.toString(batch.getAsLong())));
      // v1, the batch metadata, then one line per source: {"topic":{"0":123,"1":456}}
      long sum = 0;
      for (String line : lines.subList(2, lines.size())) {
        for (JsonNode partitions : (Iterable<JsonNode>) JSON.readTree(line)::elements) {
          for (JsonNode offset : (Iterable<JsonNode>) partitions::elements) {
            sum += offset.asLong();
          }
        }
      }
      return sum;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
