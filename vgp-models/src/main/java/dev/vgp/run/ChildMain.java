package dev.vgp.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.TensorFlow;

/**
 * The training process: {@code java -cp <vgp's classpath> dev.vgp.run.ChildMain <task> <file>
 * [--progress-interval <seconds>]}, where the task is {@code train} (the file a
 * {@code plan.json}), {@code gradient-flow-at-init} or {@code benchmark}. It reads only that file.
 * Its log lines go to standard output with their level first; it exits with 0 when the task is
 * done, 1 when it failed (the reason is its last ERROR line), 2 on a wrong command line.
 * {@code --exit-with-parent}, which vgp's goals add, stops it when they die ({@link ParentWatch}).
 */
public final class ChildMain {

  static final String PROGRESS_INTERVAL = "--progress-interval";

  private ChildMain() {}

  public static void main(String[] args) {
    LogSink log = ChildOutput.printer(System.out);
    List<String> arguments = new ArrayList<>(List.of(args));
    if (arguments.remove(ChildCommand.EXIT_WITH_PARENT)) {
      ParentWatch.exitWhenInputEnds(System.in, log);
    }
    Duration progressInterval = Duration.ofSeconds(10);
    int option = arguments.indexOf(PROGRESS_INTERVAL);
    if (option >= 0 && option + 1 < arguments.size()) {
      progressInterval = Duration.ofSeconds(Long.parseLong(arguments.remove(option + 1)));
      arguments.remove(option);
    }
    if (arguments.size() != 2) {
      log.error("usage: java -cp <classpath> " + ChildMain.class.getName()
          + " train|gradient-flow-at-init|benchmark <file> [" + PROGRESS_INTERVAL
          + " <seconds>]");
      System.exit(2);
    }
    loadTensorFlow();
    try {
      run(ChildTask.parse(arguments.get(0)), Path.of(arguments.get(1)),
          new RunLog(log, progressInterval), log);
    } catch (Throwable e) {
      // the trace for the log file, then the reason, which the parent quotes last
      e.printStackTrace();
      System.err.flush();
      log.error(e.getMessage() == null ? e.toString() : e.getMessage());
      System.exit(1);
    }
    // TensorFlow's native thread pools must not keep a finished process alive
    System.exit(0);
  }

  /**
   * Every task needs TensorFlow's native library (about 0.9 s, once per process). It is loaded
   * here, before anything else, and not on a second thread beside the plan and data reading: a
   * load running while the main thread initialises JavaCPP's Pointer class (through
   * EngineOptions) deadlocked the two threads on JavaCPP's Loader lock and the class-init lock.
   */
  private static void loadTensorFlow() {
    TensorFlow.version();
  }

  private static void run(ChildTask task, Path file, RunLog listener, LogSink log) {
    switch (task) {
      case TRAIN -> {
        FrozenPlan plan = PlanFiles.readPlan(file);
        new ExperimentRunner(plan.outputDirectory(), false, ExperimentRunner.Engine.tensorFlow())
            .train(plan, listener);
      }
      case AT_INITIALISATION -> {
        PlanFiles.AtInitialisation measure = PlanFiles.readAtInitialisation(file);
        if (measure.plans().isEmpty()) return;
        new ExperimentRunner(measure.plans().get(0).outputDirectory(), false,
            ExperimentRunner.Engine.tensorFlow())
            .measureAtInitialisation(measure.plans(), measure.batches(), listener);
      }
      case BENCHMARK -> {
        PlanFiles.Benchmark benchmark = PlanFiles.readBenchmark(file);
        new ModelBenchmark(benchmark.dataset()).run(benchmark.candidates(), benchmark.steps(),
            benchmark.csv(), log);
      }
    }
  }
}
