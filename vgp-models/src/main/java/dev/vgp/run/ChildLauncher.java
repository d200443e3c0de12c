package dev.vgp.run;

import dev.vgp.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    List<String> arguments = List.of(task.argument(),
        directory.resolve(task.file()).toAbsolutePath().toString(),
        ChildMain.PROGRESS_INTERVAL, Long.toString(progressInterval.toSeconds()));
    if (task == ChildTask.TRAIN) {
      writeLaunchScript(directory.resolve(ChildTask.LAUNCH_SCRIPT), arguments,
          "Trains " + directory.getFileName() + " from " + task.file()
              + " as vgp:train does; rerun it to resume from the last checkpoint.");
    }
    ChildProcess.run(command.command(arguments),
        command.environmentOver(System.getenv(), Runtime.getRuntime().availableProcessors()),
        directory, directory.resolve(task.log()), sink, task.describe(directory),
        task.rerunHint(directory));
  }

  private void writeLaunchScript(Path script, List<String> arguments, String purpose) {
    AtomicFiles.writeString(script, command.launchScript(arguments, purpose));
    try {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: the script still runs as sh launch.sh
    } catch (IOException e) {
      throw new UncheckedIOException("could not make " + script + " executable: "
          + e.getMessage(), e);
    }
  }
}
