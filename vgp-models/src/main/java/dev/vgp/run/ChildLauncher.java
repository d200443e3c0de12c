package dev.vgp.run;

import dev.vgp.files.AtomicFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs each task in a training process started with {@link ChildCommand}, tied to this one by
 * {@link ChildProcess}, its lines shown through {@code sink}. Beside a {@code plan.json} it leaves
 * {@code launch.sh}, which trains the plan the same way without Maven.
 */
public final class ChildLauncher implements ExperimentRunner.Launcher {

  private final ChildCommand command;
  private final LogSink sink;
  private final Duration progressInterval;

  public ChildLauncher(ChildCommand command, LogSink sink, Duration progressInterval) {
    this.command = command;
    this.sink = sink;
    this.progressInterval = progressInterval;
  }

  @Override
  public void run(ChildTask task, Path directory) {
    List<String> arguments = arguments(task, directory);
    prepare(task, directory);
    ChildProcess.run(command.command(arguments),
        command.environmentOver(System.getenv(), Runtime.getRuntime().availableProcessors()),
        directory, directory.resolve(task.log()), sink, task.describe(directory),
        task.rerunHint(directory));
  }

  @Override
  public void prepare(ChildTask task, Path directory) {
    if (task == ChildTask.TRAIN) {
      writeLaunchScript(directory.resolve(ChildTask.LAUNCH_SCRIPT), arguments(task, directory),
          "Trains " + directory.getFileName() + " from " + task.file()
              + " as vgp:train does; rerun it to resume from the last checkpoint.");
    }
  }

  private List<String> arguments(ChildTask task, Path directory) {
    return List.of(task.argument(), directory.resolve(task.file()).toAbsolutePath().toString(),
        ChildMain.PROGRESS_INTERVAL, Long.toString(progressInterval.toSeconds()));
  }

  private void writeLaunchScript(Path script, List<String> arguments, String purpose) {
    AtomicFiles.writeScript(script, command.launchScript(arguments, purpose));
  }
}
