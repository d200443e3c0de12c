package dev.vgp.run;

import java.nio.file.Path;

/**
 * What a training process ({@link ChildMain}) can be asked to do, each from a file written into
 * the directory it works in, where it also leaves its log.
 */
public enum ChildTask {

  /** Train one experiment from its {@code plan.json}, in its results directory. */
  TRAIN("train", FrozenPlan.FILE, "train.log"),
  /** Measure the gradient flow at initialisation of several planned experiments. */
  AT_INITIALISATION("gradient-flow-at-init", "gradient-flow-at-init.json",
      "gradient-flow-at-init.log"),
  /** Time the training step of several models. */
  BENCHMARK("benchmark", "benchmark-plan.json", "benchmark.log"),
  /** Measure and predict the gradient flow at initialisation of the variants at many depths. */
  DEPTH_SWEEP("depth-sweep", "depth-sweep-plan.json", "depth-sweep.log");

  /** The script beside a {@code plan.json} that trains it without Maven. */
  public static final String LAUNCH_SCRIPT = "launch.sh";

  private final String argument;
  private final String file;
  private final String log;

  ChildTask(String argument, String file, String log) {
    this.argument = argument;
    this.file = file;
    this.log = log;
  }

  /** Its name on {@link ChildMain}'s command line. */
  public String argument() {
    return argument;
  }

  /** The name of the file it reads. */
  public String file() {
    return file;
  }

  /** The name of the log file the parent keeps of it. */
  public String log() {
    return log;
  }

  static ChildTask parse(String argument) {
    for (ChildTask task : values()) {
      if (task.argument.equals(argument)) return task;
    }
    throw new IllegalArgumentException("unknown task '" + argument + "'");
  }

  /** The subject of a failure message. */
  String describe(Path directory) {
    return switch (this) {
      case TRAIN -> "training " + directory.getFileName();
      case AT_INITIALISATION -> "measuring the gradient flow at initialisation";
      case BENCHMARK -> "the benchmark";
      case DEPTH_SWEEP -> "the depth sweep";
    };
  }

  /** What running it again does, the failure message's last line. */
  String rerunHint(Path directory) {
    return switch (this) {
      case TRAIN -> "Run vgp:train again (or " + directory.resolve(LAUNCH_SCRIPT)
          + ") to resume from the last checkpoint.";
      case AT_INITIALISATION, BENCHMARK, DEPTH_SWEEP -> "Run the goal again to measure anew.";
    };
  }
}
