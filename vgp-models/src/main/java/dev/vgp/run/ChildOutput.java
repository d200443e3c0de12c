package dev.vgp.run;

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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log lines of a training process, both ends. The child writes each line to standard output
 * with its level first ({@code INFO message}, {@code WARN ...}, {@code ERROR ...}); the parent
 * reads them back, shows them in its own log at that level, appends every line of both streams to
 * a log file, and keeps the last ones to quote if the child dies. TensorFlow's native log lines
 * arrive on standard error with their own level letter ({@code I}, {@code W}, {@code E},
 * {@code F}); a line without one (the rest of a message, a stack trace, a JVM warning) takes the
 * level of the line before it, a warning at first.
 */
final class ChildOutput implements AutoCloseable {

  enum Level { INFO, WARN, ERROR }

  /**
   * TensorFlow's two native log prefixes: {@code 2026-12-02 18:40:01.123456: W tensorflow/...}
   * and absl's {@code W0000 00:00:1796236599.048195   18899 file.cc:401] ...}.
   */
  private static final Pattern NATIVE = Pattern.compile(
      "^(?:\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: ([IWEF]) "
          + "|([IWEF])\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+ +\\d+ \\S+:\\d+\\] )");

  static final int TAIL_LINES = 20;

  private final LogSink sink;
  private final Writer file;
  private final ArrayDeque<String> tail = new ArrayDeque<>();

  ChildOutput(LogSink sink, Path logFile, String header) {
    this.sink = sink;
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      // Appended: a resumed run's log follows the interrupted one's.
      this.file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      record(header);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + logFile + ": " + e.getMessage(), e);
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
        if (standardError) {
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
      case "I" -> Level.INFO;
      case "W" -> Level.WARN;
      default -> Level.ERROR;
    };
  }

  synchronized void record(String line) {
    // A stack trace's frames would crowd the exception and the lines before it out of the tail.
    if (!line.startsWith("\tat ") && !line.startsWith("\t... ")) {
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) tail.removeFirst();
    }
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
    try {
      file.close();
    } catch (IOException e) {
      // as in record
    }
  }
}
