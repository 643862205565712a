package io.tributary.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one fault test measured. {@code duplicated}: counted twice (Druid) or an id seen twice; {@code regressed}: an
 * older version visible than the newest produced (ES, HBase), a deleted entity visible included. Printed and appended
 * to {@code target/fault-figures.txt}, from which docs/RELIABILITY.md is summarized.
 */
record Figures(String test, long produced, long expected, long found, long lost, long duplicated, long regressed,
    long deadLettered, int kills, long seconds) {
  private static final Logger LOG = LoggerFactory.getLogger(Figures.class);

  boolean exact() {
    return lost == 0 && duplicated == 0 && regressed == 0 && found == expected;
  }

  Figures withRun(int kills, long seconds) {
    return new Figures(test, produced, expected, found, lost, duplicated, regressed, deadLettered, kills, seconds);
  }

  /** Every record written, bad ones included (the expected state counts only the good ones). */
  Figures withProduced(long produced) {
    return new Figures(test, produced, expected, found, lost, duplicated, regressed, deadLettered, kills, seconds);
  }

  Figures withDeadLettered(long deadLettered) {
    return new Figures(test, produced, expected, found, lost, duplicated, regressed, deadLettered, kills, seconds);
  }

  String line() {
    return String.format("FIGURES %s: produced %d, expected %d, found %d, lost %d, duplicated %d, regressed %d,"
        + " dead-lettered %d, kills %d, %d s", test, produced, expected, found, lost, duplicated, regressed,
        deadLettered, kills, seconds);
  }

  /** Logs the line, prints it to stdout (surefire's report keeps it) and appends it to the figures file. */
  Figures print() {
    print(line());
    return this;
  }

  /** Any test's figures line: logged, printed and appended to the figures file. */
  static void print(String line) {
    LOG.info(line);
    System.out.println(line);
    Path file = Path.of(System.getProperty("faults.figuresFile", "target/fault-figures.txt"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, Instant.now() + " " + FaultSizes.fromSystemProperties().describe() + " | " + line + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
