package dev.vgp.command;

import dev.vgp.files.Durations;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Every external tool vgp runs and waits for (sbatch, squeue, kpsewhich, pdflatex) goes through
 * here: no input, a timeout that fires whatever the tool does with its output, and the tool
 * named with the time waited when it fires.
 *
 * <p>Written on {@link ProcessBuilder} rather than a library because of one case: a tool, or a
 * child it leaves behind, that keeps its output open. Reading a pipe to its end then blocks for
 * as long (the {@code readAllBytes} before {@code waitFor} that hung vgp:status), and Apache
 * Commons Exec's stream pumps wait out their stop timeout and then lose the exit code. Here the
 * outputs go to files, so nothing ever waits on a pipe: the wait is {@code waitFor} with the
 * timeout, and the files are read once the tool has ended or been stopped.
 *
 * @param command the executable and its arguments
 * @param directory its working directory; null for the current one
 * @param timeout how long it may run before it is stopped
 * @param environment variables added to the inherited environment
 */
public record ExternalCommand(List<String> command, Path directory, Duration timeout,
    Map<String, String> environment) {

  /** What a finished tool printed, and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** The tool did not finish within its timeout and was stopped. */
  public static final class TimedOutException extends RuntimeException {
    TimedOutException(String message) {
      super(message);
    }
  }

  public ExternalCommand {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  /** {@code command} in the current directory with the current environment. */
  public static ExternalCommand of(List<String> command, Duration timeout) {
    return new ExternalCommand(command, null, timeout, Map.of());
  }

  public ExternalCommand in(Path workingDirectory) {
    return new ExternalCommand(command, workingDirectory, timeout, environment);
  }

  /** This command with {@code variables} added to the inherited environment. */
  public ExternalCommand withEnvironment(Map<String, String> variables) {
    return new ExternalCommand(command, directory, timeout, variables);
  }

  /**
   * Runs the command to its end, whatever its exit code.
   *
   * @throws TimedOutException naming the tool and the time waited, once it and the processes
   *     it started have been stopped
   * @throws UncheckedIOException when it cannot be started
   */
  public Result run() {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("vgp-" + name(), ".out");
      err = Files.createTempFile("vgp-" + name(), ".err");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      if (directory != null) builder.directory(directory.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!waitFor(process)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new TimedOutException(name() + " did not finish within "
            + Durations.describe(timeout) + " and was stopped (" + String.join(" ", command)
            + ")");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + name() + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private boolean waitFor(Process process) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new TimedOutException(name() + " was interrupted and stopped");
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file left in the temp directory harms nothing
    }
  }

  /** The tool's file name, e.g. "squeue". */
  public String name() {
    return Path.of(command.get(0)).getFileName().toString();
  }
  /** {@code name} on this machine's PATH. */
  public static Optional<Path> onPath(String name) {
    return onPath(System.getenv("PATH"), name);
  }

  /** {@code name} in the first directory of {@code searchPath} that has it executable. */
  public static Optional<Path> onPath(String searchPath, String name) {
    if (searchPath == null) return Optional.empty();
    for (String directory : searchPath.split(File.pathSeparator)) {
      if (directory.isEmpty()) continue;
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
