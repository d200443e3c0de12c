package dev.vgp.run;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.tensorflow.TensorFlow;

/**
 * The training process, in two forms:
 * <ul>
 *   <li>{@code java -cp <vgp's classpath> dev.vgp.run.ChildMain <task> <file>
 *       [--progress-interval <seconds>]} runs one task and exits: 0 when it is done, 1 when it
 *       failed (the reason is its last ERROR line), 2 on a wrong command line. This is what a
 *       {@code launch.sh} and a cluster job run.
 *   <li>{@code ... ChildMain --serve [--progress-interval <seconds>]}, which vgp's goals start,
 *       runs the tasks its parent sends on standard input, one after another, in one JVM: the JVM
 *       start, TensorFlow's library, the data and the warm-up are paid once per build, not once
 *       per experiment, as surefire reuses one forked JVM for many test classes. It stops when
 *       the parent says {@value #NO_MORE_TASKS} or dies ({@link ParentWatch}).
 * </ul>
 * A task is {@code train} (its file a {@code plan.json}), {@code gradient-flow-at-init},
 * {@code benchmark} or {@code depth-sweep}, and reads only its file. Log lines go to standard output with their level
 * first ({@link ChildOutput}).
 */
public final class ChildMain {

  static final String PROGRESS_INTERVAL = "--progress-interval";
  static final String SERVE = "--serve";
  /** A served task's line: its name, a tab, its file. */
  static final char TASK_SEPARATOR = '\t';
  /** The parent's last line to a serving process. */
  static final String NO_MORE_TASKS = "exit";

  /** Runs one task to its end; returns 0 when it is done, another status when it failed. */
  interface Tasks {
    int run(String task, Path file);
  }

  private ChildMain() {}

  public static void main(String[] args) {
    LogSink log = ChildOutput.printer(System.out);
    List<String> arguments = new ArrayList<>(List.of(args));
    boolean serve = arguments.remove(SERVE);
    Duration progressInterval = Duration.ofSeconds(10);
    int option = arguments.indexOf(PROGRESS_INTERVAL);
    if (option >= 0 && option + 1 < arguments.size()) {
      progressInterval = Duration.ofSeconds(Long.parseLong(arguments.remove(option + 1)));
      arguments.remove(option);
    }
    if (arguments.size() != (serve ? 0 : 2)) {
      log.error("usage: java -cp <classpath> " + ChildMain.class.getName()
          + " train|gradient-flow-at-init|benchmark|depth-sweep <file> [" + PROGRESS_INTERVAL
          + " <seconds>], or " + SERVE + " [" + PROGRESS_INTERVAL + " <seconds>] with"
          + " '<task>\\t<file>' lines on standard input");
      System.exit(2);
    }
    loadTensorFlow();
    Tasks tasks = new TensorFlowTasks(progressInterval, log);
    if (serve) {
      serve(System.in, log, tasks);
      // TensorFlow's native thread pools must not keep a finished process alive; during a
      // shutdown this waits for it, which ends with the signal's exit code
      System.exit(0);
    }
    System.exit(tasks.run(arguments.get(0), Path.of(arguments.get(1))));
  }

  /**
   * Runs the tasks that arrive on {@code input} until {@value #NO_MORE_TASKS}, answering each
   * with {@link ChildOutput#printTaskEnd} on both output streams, after all of its lines.
   */
  static void serve(InputStream input, LogSink log, Tasks tasks) {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    ParentWatch.start(input, log, NO_MORE_TASKS, received::add);
    for (String line; !(line = next(received)).equals(NO_MORE_TASKS); ) {
      int separator = line.indexOf(TASK_SEPARATOR);
      int status;
      if (separator < 0) {
        log.error("not a task: '" + line + "'");
        status = 2;
      } else {
        status = tasks.run(line.substring(0, separator),
            Path.of(line.substring(separator + 1)));
      }
      if (status != 0 && shuttingDown()) {
        // stopped by a signal: the process ends with its exit code, which is what the parent
        // must hear, not this task's failure
        return;
      }
      ChildOutput.printTaskEnd(status);
    }
  }

  /** Whether the JVM has begun to shut down: it then takes no more shutdown hooks. */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }

  private static String next(BlockingQueue<String> received) {
    try {
      return received.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NO_MORE_TASKS;
    }
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

  /** The tasks on TensorFlow; one runner per results directory, which keeps the data read. */
  private static final class TensorFlowTasks implements Tasks {
    private final Duration progressInterval;
    private final LogSink log;
    private final Map<Path, ExperimentRunner> runners = new HashMap<>();

    TensorFlowTasks(Duration progressInterval, LogSink log) {
      this.progressInterval = progressInterval;
      this.log = log;
    }

    @Override
    public int run(String task, Path file) {
      try {
        run(ChildTask.parse(task), file, new RunLog(log, progressInterval));
        return 0;
      } catch (Throwable e) {
        // the trace for the log file, then the reason, which the parent quotes last
        e.printStackTrace();
        System.err.flush();
        log.error(e.getMessage() == null ? e.toString() : e.getMessage());
        return 1;
      }
    }

    private void run(ChildTask task, Path file, RunLog listener) {
      switch (task) {
        case TRAIN -> {
          FrozenPlan plan = PlanFiles.readPlan(file);
          runner(plan.outputDirectory()).train(plan, listener);
        }
        case AT_INITIALISATION -> {
          PlanFiles.AtInitialisation measure = PlanFiles.readAtInitialisation(file);
          if (measure.plans().isEmpty()) return;
          runner(measure.plans().get(0).outputDirectory())
              .measureAtInitialisation(measure.plans(), measure.batches(), listener);
        }
        case BENCHMARK -> {
          PlanFiles.Benchmark benchmark = PlanFiles.readBenchmark(file);
          new ModelBenchmark(benchmark.dataset()).run(benchmark.candidates(), benchmark.steps(),
              benchmark.csv(), log);
        }
        case DEPTH_SWEEP -> {
          PlanFiles.DepthSweep sweep = PlanFiles.readDepthSweep(file);
          runner(file.getParent()).depthSweep(sweep.data(), sweep.plan(), sweep.csv(), listener);
        }
      }
    }

    private ExperimentRunner runner(Path outputDirectory) {
      return runners.computeIfAbsent(outputDirectory,
          directory -> new ExperimentRunner(directory, false, ExperimentRunner.Engine.tensorFlow()));
    }
  }
}
