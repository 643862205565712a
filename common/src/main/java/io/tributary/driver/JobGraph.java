package io.tributary.driver;

import io.tributary.job.JobSpec;
import io.tributary.job.ProcessStep;
import io.tributary.job.SinkSpec;
import io.tributary.job.SourceSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The part of a job's source -> process -> sink graph that one sink needs: its sources, and its SQL steps in
 * execution order. The validator has already refused cycles and unknown names.
 */
final class JobGraph {
  private final List<SourceSpec> sources = new ArrayList<>();
  private final List<ProcessStep> steps = new ArrayList<>();
  private final String input;

  JobGraph(JobSpec job, SinkSpec sink) {
    this.input = sink.input();
    Set<String> needed = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(key(sink.input())));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (needed.add(name)) {
        job.step(name).ifPresent(step -> step.inputs().forEach(in -> todo.push(key(in))));
      }
    }
    for (SourceSpec source : job.sources()) {
      if (needed.contains(key(source.name()))) {
        sources.add(source);
      }
    }
    for (ProcessStep step : job.process()) { // already in execution order
      if (needed.contains(key(step.name()))) {
        steps.add(step);
      }
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  List<SourceSpec> sources() {
    return sources;
  }

  /** Runs the SQL steps as temporary views of {@code session}, whose sources are already registered, and returns the sink's input. */
  Dataset<Row> sinkInput(SparkSession session) {
    for (ProcessStep step : steps) {
      session.sql(step.sql()).createOrReplaceTempView(step.name());
    }
    return session.table(input);
  }
}
