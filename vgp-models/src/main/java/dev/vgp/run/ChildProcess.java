package dev.vgp.run;

import dev.vgp.files.LogSink;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A training process, started once and given tasks one after another, tied to this process as
 * surefire ties its forked JVMs (which it also reuses for many test classes).
 *
 * <ul>
 *   <li>Its lines appear in this process's log at their level and in the log file of the task
 *       under way ({@link ChildOutput}).
 *   <li>When this process is asked to stop (Ctrl-C, SIGTERM), a shutdown hook sends the child
 *       SIGTERM and waits for it to stop at a step boundary, then kills it if it has not.
 *   <li>When this process dies without running hooks (kill -9), the kernel closes the pipe to the
 *       child's standard input, which carries its tasks: the child's {@link ParentWatch} sees the
 *       end of input and stops.
 *   <li>A task that fails, or a child that dies during one, fails the caller with a
 *       {@link ChildProcessException}.
 * </ul>
 *
 * <p>{@link ProcessBuilder} is all this needs: it gives the pipes, the pid, SIGTERM
 * ({@code destroy}) and SIGKILL ({@code destroyForcibly}) on Linux, and the exit code, 128 + n
 * after signal n. A process library (commons-exec, zt-exec) would add a dependency for nothing
 * here.
 */
public final class ChildProcess implements AutoCloseable {

  /** How long a stopping child may take to reach a step boundary and write its status. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final List<String> command;
  private final Path workingDirectory;
  private final Process process;
  private final ChildOutput output;
  private final Writer tasks;
  private final Thread stopper;
  private final Thread out;
  private final Thread err;

  private ChildProcess(List<String> command, Path workingDirectory, Process process,
      ChildOutput output) {
    this.command = List.copyOf(command);
    this.workingDirectory = workingDirectory;
    this.process = process;
    this.output = output;
    this.tasks = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.stopper = new Thread(() -> stop(process), "vgp-stop-child-" + process.pid());
    Runtime.getRuntime().addShutdownHook(stopper);
    this.out = pump(output, process, false);
    this.err = pump(output, process, true);
  }

  /**
   * Starts {@code command}, a {@link ChildMain#SERVE serving} training process, with
   * {@code addedEnvironment} on top of this process's environment, in {@code workingDirectory}
   * (where a crashing JVM leaves its hs_err file). Its lines before the first task go into that
   * task's log.
   */
  public static ChildProcess start(List<String> command, Map<String, String> addedEnvironment,
      Path workingDirectory, LogSink sink) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder.environment().putAll(addedEnvironment);
    try {
      Files.createDirectories(workingDirectory);
      return new ChildProcess(command, workingDirectory, builder.start(), new ChildOutput(sink));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command.get(0) + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Runs {@code task} on {@code file} in the child and waits until it is done.
   *
   * @param logFile receives the task's lines
   * @param what the subject of the failure message, e.g. "training vgg38-1e-3"
   * @param rerunHint what a rerun does, the failure message's last line
   * @throws ChildProcessException when the task fails or the process dies during it
   */
  public void run(String task, Path file, Path logFile, String what, String rerunHint) {
    ChildOutput.TaskEnd end = output.begin(logFile, "--- " + Instant.now() + " pid "
        + process.pid() + ": " + task + " " + file + " (" + String.join(" ", command) + ")");
    try {
      try {
        tasks.write(task + ChildMain.TASK_SEPARATOR + file + "\n");
        tasks.flush();
      } catch (IOException gone) {
        // the child died: its exit code says how, below
      }
      while (!end.await(100)) {
        if (!process.isAlive()) {
          // all it wrote has been read once both streams end; its end may be among it
          out.join();
          err.join();
          if (end.await(0)) break;
          int exitCode = process.waitFor();
          throw new ChildProcessException(failure(what, process.pid(), describeExit(exitCode),
              output.tail(), logFile, workingDirectory, rerunHint), exitCode);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(process);
      throw new ChildProcessException(what + " was interrupted; the process was stopped", -1);
    }
    if (end.status() != 0) {
      throw new ChildProcessException(failure(what, process.pid(),
          "reported that the task failed (status " + end.status() + ")", output.tail(), logFile,
          workingDirectory, rerunHint), end.status());
    }
  }

  /** Whether the process is still running, able to take a task. */
  public boolean alive() {
    return process.isAlive();
  }

  /** Tells the child that no task follows and waits for it to end; stops it if it does not. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        try {
          tasks.write(ChildMain.NO_MORE_TASKS + "\n");
          tasks.flush();
        } catch (IOException gone) {
          // it is ending already
        }
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) stop(process);
      }
      out.join();
      err.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(process);
    } finally {
      try {
        tasks.close();
      } catch (IOException ignored) {
        // the pipe of a process that has ended
      }
      output.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: it stops the child
      }
    }
  }

  private static Thread pump(ChildOutput output, Process process, boolean standardError) {
    Thread thread = new Thread(() -> output.pump(
        standardError ? process.getErrorStream() : process.getInputStream(), standardError),
        "vgp-child-" + (standardError ? "stderr-" : "stdout-") + process.pid());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * SIGTERM, a grace period to stop at a step boundary, then SIGKILL. Through the process's
   * handle, because {@link Process#destroy} also closes the pipes, and the child's last lines
   * (where it stopped) would be lost.
   */
  static void stop(Process process) {
    ProcessHandle handle = process.toHandle();
    if (!handle.isAlive()) return;
    handle.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        handle.destroyForcibly();
      }
    } catch (InterruptedException e) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** @param how "exited with code 1", "was killed by SIGKILL ...", "ended the task ..." */
  static String failure(String what, long pid, String how, List<String> tail, Path logFile,
      Path workingDirectory, String rerunHint) {
    StringBuilder message = new StringBuilder(what).append(" failed: its process (pid ")
        .append(pid).append(") ").append(how);
    Path crashReport = workingDirectory.resolve("hs_err_pid" + pid + ".log");
    if (Files.exists(crashReport)) {
      message.append("\nThe JVM's crash report: ").append(crashReport);
    }
    message.append("\nLast lines of its log:");
    tail.forEach(line -> message.append("\n  ").append(line));
    message.append("\nFull log: ").append(logFile);
    message.append("\n").append(rerunHint);
    return message.toString();
  }

  /** "exited with code 1", or the signal's name and what usually sends it. */
  static String describeExit(int exitCode) {
    if (exitCode <= 128 || exitCode > 128 + 64) return "exited with code " + exitCode;
    int signal = exitCode - 128;
    String because = switch (signal) {
      case 9 -> ": the kernel's out-of-memory killer (see dmesg) or a kill -9";
      case 6, 7, 11 -> ": a native crash, in TensorFlow or the JVM";
      case 1, 2, 15 -> ": it was asked to stop";
      default -> "";
    };
    return "was killed by " + signalName(signal) + " (exit code " + exitCode + ")" + because;
  }

  static String signalName(int signal) {
    return switch (signal) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 4 -> "SIGILL";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 15 -> "SIGTERM";
      default -> "signal " + signal;
    };
  }
}
