package dev.vgp.run;

import dev.vgp.files.AtomicFiles;
import dev.vgp.files.LogSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs tasks in one training process started with {@link ChildCommand} at the first task and
 * given the others in turn ({@link ChildMain#SERVE}), tied to this one by {@link ChildProcess},
 * its lines shown through {@code sink}. A process that died is replaced at the next task.
 * Beside a {@code plan.json} it leaves {@code launch.sh}, which trains the plan the same way
 * without Maven, in a process of its own.
 *
 * <p>Several of them ({@link #several}) train a plan's experiments at once, each process with
 * its share of the cores and each line it shows tagged with the experiment it trains,
 * {@code [vgg38-bn] epoch 3/10 done: ...}. The sink is called from two threads per process (its
 * two streams), and from every process of {@link #several}: it must take whole lines from
 * several threads.
 */
public final class ChildLauncher implements Launcher {

  /** The script beside a {@code plan.json} that trains it without Maven. */
  public static final String LAUNCH_SCRIPT = "launch.sh";

  private final ChildCommand command;
  private final Path workingDirectory;
  private final LogSink sink;
  private final Duration progressInterval;
  private final ChildCommand.Share share;
  /** "[id] ", the experiment under way, before each line shown when one of several; else "". */
  private volatile String tag = "";
  private ChildProcess process;

  /**
   * @param workingDirectory the training process's, where a crashing JVM leaves its report
   */
  public ChildLauncher(ChildCommand command, Path workingDirectory, LogSink sink,
      Duration progressInterval) {
    this(command, workingDirectory, sink, progressInterval, ChildCommand.Share.ALONE);
  }

  private ChildLauncher(ChildCommand command, Path workingDirectory, LogSink sink,
      Duration progressInterval, ChildCommand.Share share) {
    this.command = command;
    this.workingDirectory = workingDirectory;
    this.sink = share.processes() == 1 ? sink : sink.withPrefix(() -> tag);
    this.progressInterval = progressInterval;
    this.share = share;
  }

  /**
   * {@code processes} launchers for {@link ExperimentRunner}'s experiments at once, each with its
   * {@link ChildCommand.Share share} of the cores; one is a {@link ChildLauncher} as the
   * constructor makes it, whose lines are untagged.
   */
  public static List<Launcher> several(int processes, ChildCommand command,
      Path workingDirectory, LogSink sink, Duration progressInterval) {
    return IntStream.range(0, processes).<Launcher>mapToObj(index -> new ChildLauncher(command,
        workingDirectory, sink, progressInterval, new ChildCommand.Share(index, processes)))
        .toList();
  }

  @Override
  public void run(Task task, Path directory) {
    prepare(task, directory);
    // one that died between two tasks (an OOM kill while Maven planned the next) is replaced
    if (process != null && !process.alive()) close();
    if (share.processes() > 1) tag = "[" + directory.getFileName() + "] ";
    if (process == null) {
      process = ChildProcess.start(command.command(List.of(ChildMain.SERVE,
              ChildMain.PROGRESS_INTERVAL, Long.toString(progressInterval.toSeconds()))),
          command.environmentOver(System.getenv(), Runtime.getRuntime().availableProcessors(),
              share), workingDirectory, sink);
    }
    try {
      process.run(task.kind().argument(),
          directory.resolve(task.kind().file()).toAbsolutePath(),
          directory.resolve(task.kind().log()), task.describe(directory),
          task.rerunHint(directory));
    } catch (ChildProcessException e) {
      // a failed task leaves a process that can take the next; a dead one cannot
      if (!process.alive()) close();
      throw e;
    }
  }

  @Override
  public void prepare(Task task, Path directory) {
    PlanFiles.write(task, directory);
    TaskKind kind = task.kind();
    if (kind == TaskKind.TRAIN) {
      AtomicFiles.writeScript(directory.resolve(LAUNCH_SCRIPT), command.launchScript(
          List.of(kind.argument(), directory.resolve(kind.file()).toAbsolutePath().toString(),
              ChildMain.PROGRESS_INTERVAL, Long.toString(progressInterval.toSeconds())),
          "Trains " + directory.getFileName() + " from " + kind.file()
              + " as vgp:train does; rerun it to resume from the last checkpoint."));
    }
  }

  /** Ends the training process, if one was started. */
  @Override
  public void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }
}
