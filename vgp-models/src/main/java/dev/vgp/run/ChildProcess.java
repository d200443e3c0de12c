package dev.vgp.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a training process to its end and ties it to this one, as surefire does its forked JVMs.
 *
 * <ul>
 *   <li>Its lines appear in this process's log at their level and in a log file
 *       ({@link ChildOutput}).
 *   <li>When this process is asked to stop (Ctrl-C, SIGTERM), a shutdown hook sends the child
 *       SIGTERM and waits for it to stop at a step boundary, then kills it if it has not.
 *   <li>When this process dies without running hooks (kill -9), the kernel closes the pipe to the
 *       child's standard input, which this side holds open and never writes: the child's
 *       {@link ParentWatch} sees the end of input and stops.
 *   <li>A child that fails or is killed fails the caller with a {@link ChildProcessException}.
 * </ul>
 *
 * <p>{@link ProcessBuilder} is all this needs: it gives the pipes, the pid, SIGTERM
 * ({@code destroy}) and SIGKILL ({@code destroyForcibly}) on Linux, and the exit code, 128 + n
 * after signal n. A process library (commons-exec, zt-exec) would add a dependency for nothing
 * here.
 */
public final class ChildProcess {

  /** How long a stopping child may take to reach a step boundary and write its status. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private ChildProcess() {}

  /**
   * Starts {@code command} with {@code addedEnvironment} on top of this process's environment,
   * in {@code workingDirectory} (where a crashing JVM leaves its hs_err file), and waits for it.
   *
   * @param what the subject of the failure message, e.g. "training vgg38-1e-3"
   * @param rerunHint what a rerun does, the failure message's last line
   * @throws ChildProcessException when the process exits with another code than 0
   */
  public static void run(List<String> command, Map<String, String> addedEnvironment,
      Path workingDirectory, Path logFile, LogSink sink, String what, String rerunHint) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder.environment().putAll(addedEnvironment);
    Process process;
    try {
      Files.createDirectories(workingDirectory);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command.get(0) + " for " + what + ": "
          + e.getMessage(), e);
    }
    Thread stopper = new Thread(() -> stop(process), "vgp-stop-child-" + process.pid());
    Runtime.getRuntime().addShutdownHook(stopper);
    int exitCode;
    try (ChildOutput output = new ChildOutput(sink, logFile, "--- " + Instant.now() + " pid "
        + process.pid() + ": " + String.join(" ", command));
        OutputStream keptOpen = process.getOutputStream()) {
      Thread out = pump(output, process, false);
      Thread err = pump(output, process, true);
      exitCode = process.waitFor();
      out.join();
      err.join();
      if (exitCode != 0) {
        throw new ChildProcessException(failure(what, process.pid(), exitCode, output.tail(),
            logFile, workingDirectory, rerunHint), exitCode);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(process);
      throw new ChildProcessException(what + " was interrupted; the process was stopped",
          -1);
    } finally {
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

  static String failure(String what, long pid, int exitCode, List<String> tail, Path logFile,
      Path workingDirectory, String rerunHint) {
    StringBuilder message = new StringBuilder(what).append(" failed: its process (pid ")
        .append(pid).append(") ").append(describeExit(exitCode));
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
