package dev.vgp.run;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The kinds of {@link Task} a training process ({@link ChildMain}) takes, each from a file written
 * into the directory it works in, where it also leaves its log.
 */
public enum TaskKind {

  /** Train one experiment from its {@code plan.json}, in its results directory. */
  TRAIN("train", FrozenPlan.FILE, "train.log", PlanFiles::readPlan),
  /** Measure the gradient flow at initialisation of several planned experiments. */
  AT_INITIALISATION("gradient-flow-at-init", "gradient-flow-at-init.json",
      "gradient-flow-at-init.log", file -> PlanFiles.read(file, AtInitialisationPlan.class)),
  /** Time the training step of several models. */
  BENCHMARK("benchmark", "benchmark-plan.json", "benchmark.log",
      file -> PlanFiles.read(file, BenchmarkPlan.class)),
  /** Measure and predict the gradient flow at initialisation of the variants at many depths. */
  DEPTH_SWEEP("depth-sweep", "depth-sweep-plan.json", "depth-sweep.log",
      file -> PlanFiles.read(file, DepthSweepPlan.class));

  private final String argument;
  private final String file;
  private final String log;
  private final Function<Path, Task> reader;

  TaskKind(String argument, String file, String log, Function<Path, Task> reader) {
    this.argument = argument;
    this.file = file;
    this.log = log;
    this.reader = reader;
  }

  /** Its name on {@link ChildMain}'s command line. */
  public String argument() {
    return argument;
  }

  /** The name of the file it is read from. */
  public String file() {
    return file;
  }

  /** The name of the log file the parent keeps of it. */
  public String log() {
    return log;
  }

  /** The task of this kind written to {@code file}. */
  Task read(Path file) {
    return reader.apply(file);
  }

  static TaskKind parse(String argument) {
    for (TaskKind kind : values()) {
      if (kind.argument.equals(argument)) return kind;
    }
    throw new IllegalArgumentException("unknown task '" + argument + "'");
  }
}
