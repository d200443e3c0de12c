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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log lines of a training process, both ends. A serving child writes each message to standard
 * output as a framed event ({@link EventLine}); the parent reads them back, shows each in its own
 * log at its level, appends every line of both streams to the log file of the task under way
 * (an event as its level and message, {@code WARN careful}), and keeps the task's last lines to
 * quote if the child dies. Any other line on standard output is a stray line (a library's
 * {@code println}, even one that starts with {@code INFO}): the log file keeps it, Maven shows it
 * at debug level only. TensorFlow's native log lines arrive on standard error with their own
 * level letter ({@code I}, {@code W}, {@code E}, {@code F}); a line without one (the rest of a
 * message, a stack trace) takes the level of the line before it, debug at first. TensorFlow's
 * INFO lines (oneDNN on, CPU features, MLIR) are shown at debug level only: vgp says itself where
 * the ops run, and the log file keeps them.
 *
 * <p>A served task ends with a {@code task-end} event on both streams: the two pipes are read by
 * two threads, so only a mark in each says that all of the task's lines have arrived and the next
 * ones belong to the next task's log.
 */
final class ChildOutput implements AutoCloseable {

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
    String end = new EventLine(EventLine.Type.TASK_END, Integer.toString(status)).frame();
    for (PrintStream stream : List.of(System.err, System.out)) {
      synchronized (stream) {
        stream.flush();
        stream.println(end);
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

  /** The serving child's side: a sink that writes each message to {@code out} as an event. */
  static LogSink events(PrintStream out) {
    return printer(out, (level, message) -> List.of(new EventLine(level, message).frame()));
  }

  /**
   * The side of a child that runs one task in a process of its own (a {@code launch.sh}, a
   * cluster job), read by a person: each line of a message with its level first,
   * {@code WARN careful}, as a served task's lines appear in its log file.
   */
  static LogSink plain(PrintStream out) {
    return printer(out, ChildOutput::logLines);
  }

  /** A message as the lines of a log file: "LEVEL line" each. */
  private static List<String> logLines(EventLine.Type level, String message) {
    return message.lines().map(line -> level + " " + line).toList();
  }

  private static LogSink printer(PrintStream out,
      BiFunction<EventLine.Type, String, List<String>> lines) {
    return new LogSink() {
      @Override
      public void debug(String message) {
        print(EventLine.Type.DEBUG, message);
      }

      @Override
      public void info(String message) {
        print(EventLine.Type.INFO, message);
      }

      @Override
      public void warn(String message) {
        print(EventLine.Type.WARN, message);
      }

      @Override
      public void error(String message) {
        print(EventLine.Type.ERROR, message);
      }

      private void print(EventLine.Type level, String message) {
        synchronized (out) {
          lines.apply(level, message).forEach(out::println);
          out.flush();
        }
      }
    };
  }

  /** Reads one of the child's streams to its end; run on a thread of its own per stream. */
  void pump(InputStream stream, boolean standardError) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      EventLine.Type continued = EventLine.Type.DEBUG;
      for (String line; (line = reader.readLine()) != null; ) {
        Optional<EventLine> event = EventLine.parse(line);
        if (event.isPresent() && event.get().type() == EventLine.Type.TASK_END) {
          taskEnd.arrived(standardError, parseStatus(event.get().payload()));
        } else if (event.isPresent()) {
          show(event.get().type(), event.get().payload());
          logLines(event.get().type(), event.get().payload()).forEach(this::record);
        } else if (standardError) {
          continued = nativeLevel(line, continued);
          show(continued, line);
          record(line);
        } else {
          show(EventLine.Type.DEBUG, line);
          record(line);
        }
      }
    } catch (IOException e) {
      record("(the process's output could not be read further: " + e.getMessage() + ")");
    }
  }

  private void show(EventLine.Type level, String message) {
    switch (level) {
      case DEBUG -> sink.debug(message);
      case INFO -> sink.info(message);
      case WARN -> sink.warn(message);
      case ERROR -> sink.error(message);
      case TASK_END -> throw new IllegalArgumentException("a task's end is not a log line");
    }
  }

  /** The level of a line on standard error, {@code previous} for one that continues a line. */
  static EventLine.Type nativeLevel(String line, EventLine.Type previous) {
    Matcher m = NATIVE.matcher(line);
    if (!m.find()) return previous;
    return switch (m.group(1) != null ? m.group(1) : m.group(2)) {
      case "I" -> EventLine.Type.DEBUG;
      case "W" -> EventLine.Type.WARN;
      default -> EventLine.Type.ERROR;
    };
  }

  private static int parseStatus(String status) {
    try {
      return Integer.parseInt(status.trim());
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
