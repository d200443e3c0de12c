package dev.vgp.run;

import dev.vgp.files.LogSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log lines of a training process, both ends. The child writes each line to standard output
 * with its level first ({@code INFO message}, {@code WARN ...}, {@code ERROR ...}); the parent
 * reads them back, shows them in its own log at that level, appends every line of both streams to
 * the log file of the task under way, and keeps the task's last lines to quote if the child dies.
 * TensorFlow's native log lines arrive on standard error with their own level letter ({@code I},
 * {@code W}, {@code E}, {@code F}); a line without one (the rest of a message, a stack trace, a
 * JVM warning) takes the level of the line before it, a warning at first. TensorFlow's INFO lines
 * (oneDNN on, CPU features, MLIR) are shown at debug level only: vgp says itself where the ops
 * run, and the log file keeps them.
 *
 * <p>A served task ends with {@value #TASK_END}{@code <status>} on both streams: the two pipes
 * are read by two threads, so only a mark in each says that all of the task's lines have arrived
 * and the next ones belong to the next task's log.
 */
final class ChildOutput implements AutoCloseable {

  enum Level { DEBUG, INFO, WARN, ERROR }

  static final String TASK_END = "vgp-task-ended ";

  /**
   * TensorFlow's two native log prefixes: {@code 2026-12-02 18:40:01.123456: W tensorflow/...}
   * and absl's {@code W0000 00:00:1796236599.048195   18899 file.cc:401] ...}.
   */
  private static final Pattern NATIVE = Pattern.compile(
      "^(?:\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: ([IWEF]) "
          + "|([IWEF])\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+ +\\d+ \\S+:\\d+\\] )");

  static final int TAIL_LINES = 20;

  private final LogSink sink;
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  /** Lines that arrived before the first task's log was opened: they go into it. */
  private final List<String> early = new ArrayList<>();
  private Writer file;
  private volatile TaskEnd taskEnd = new TaskEnd();

  ChildOutput(LogSink sink) {
    this.sink = sink;
  }

  /**
   * Starts a task's lines: they go to {@code logFile} (appended: a resumed run's log follows the
   * interrupted one's) after {@code header}, which is not one of them, and make the tail.
   *
   * @return what says that the task's last line has arrived on both streams
   */
  synchronized TaskEnd begin(Path logFile, String header) {
    close();
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + logFile + ": " + e.getMessage(), e);
    }
    tail.clear();
    write(header);
    early.forEach(this::record);
    early.clear();
    taskEnd = new TaskEnd();
    return taskEnd;
  }

  /** The child's side: the end of a served task, after everything it printed. */
  static void printTaskEnd(int status) {
    for (PrintStream stream : List.of(System.err, System.out)) {
      synchronized (stream) {
        stream.flush();
        stream.println(TASK_END + status);
        stream.flush();
      }
    }
  }

  /** The end of a served task as its two streams report it. */
  static final class TaskEnd {
    private final CountDownLatch streams = new CountDownLatch(2);
    private final boolean[] seen = new boolean[2];
    private volatile int status = -1;

    private synchronized void arrived(boolean standardError, int reported) {
      if (seen[standardError ? 1 : 0]) return;
      seen[standardError ? 1 : 0] = true;
      if (!standardError) status = reported;
      streams.countDown();
    }

    /** Whether both streams have ended the task, waiting up to {@code millis}. */
    boolean await(long millis) throws InterruptedException {
      return streams.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The task's status, as the child reported it: 0 when it is done. */
    int status() {
      return status;
    }
  }

  /** The child's side: a sink that writes each line with its level to {@code out}. */
  static LogSink printer(PrintStream out) {
    return new LogSink() {
      @Override
      public void info(String message) {
        print(Level.INFO, message);
      }

      @Override
      public void warn(String message) {
        print(Level.WARN, message);
      }

      @Override
      public void error(String message) {
        print(Level.ERROR, message);
      }

      private void print(Level level, String message) {
        synchronized (out) {
          message.lines().forEach(line -> out.println(level + " " + line));
          out.flush();
        }
      }
    };
  }

  /** Reads one of the child's streams to its end; run on a thread of its own per stream. */
  void pump(InputStream stream, boolean standardError) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      Level continued = Level.WARN;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith(TASK_END)) {
          taskEnd.arrived(standardError, parseStatus(line));
        } else if (standardError) {
          continued = nativeLevel(line, continued);
          show(continued, line);
          record(line);
        } else {
          Level level = printedLevel(line);
          show(level, level == null ? line : line.substring(level.name().length() + 1));
          record(line);
        }
      }
    } catch (IOException e) {
      record("(the process's output could not be read further: " + e.getMessage() + ")");
    }
  }

  private void show(Level level, String message) {
    switch (level == null ? Level.INFO : level) {
      case DEBUG -> sink.debug(message);
      case INFO -> sink.info(message);
      case WARN -> sink.warn(message);
      case ERROR -> sink.error(message);
    }
  }

  /** The level a {@link #printer} gave the line, or null for a line printed otherwise. */
  static Level printedLevel(String line) {
    for (Level level : Level.values()) {
      if (line.startsWith(level.name() + " ")) return level;
    }
    return null;
  }

  /** The level of a line on standard error, {@code previous} for one that continues a line. */
  static Level nativeLevel(String line, Level previous) {
    Matcher m = NATIVE.matcher(line);
    if (!m.find()) return previous;
    return switch (m.group(1) != null ? m.group(1) : m.group(2)) {
      case "I" -> Level.DEBUG;
      case "W" -> Level.WARN;
      default -> Level.ERROR;
    };
  }

  private static int parseStatus(String taskEnd) {
    try {
      return Integer.parseInt(taskEnd.substring(TASK_END.length()).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  synchronized void record(String line) {
    // A stack trace's frames would crowd the exception and the lines before it out of the tail.
    if (!line.startsWith("\tat ") && !line.startsWith("\t... ")) {
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) tail.removeFirst();
    }
    if (file == null) {
      early.add(line);
    } else {
      write(line);
    }
  }

  private void write(String line) {
    try {
      file.write(line);
      file.write('\n');
      file.flush();
    } catch (IOException e) {
      // The log file is a copy of what Maven's log shows; losing it must not stop training.
    }
  }

  /** The last lines of both streams, in the order they arrived. */
  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  @Override
  public synchronized void close() {
    if (file == null) return;
    try {
      file.close();
    } catch (IOException e) {
      // as in record
    }
    file = null;
  }
}
