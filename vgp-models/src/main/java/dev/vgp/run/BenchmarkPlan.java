package dev.vgp.run;

import dev.vgp.data.DatasetKind;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code benchmark} task: the training step of several models timed ({@link ModelBenchmark}),
 * written as a table to the log and to {@code csv}.
 */
public record BenchmarkPlan(DatasetKind dataset, ModelBenchmark.Steps steps,
    List<ModelBenchmark.Candidate> candidates, Path csv) implements Task {

  @Override
  public TaskKind kind() {
    return TaskKind.BENCHMARK;
  }

  @Override
  public void run(Worker worker) {
    new ModelBenchmark(dataset).run(candidates, steps, csv, worker.listener());
  }

  @Override
  public String describe(Path directory) {
    return "the benchmark";
  }

  @Override
  public String rerunHint(Path directory) {
    return "Run the goal again to measure anew.";
  }
}
