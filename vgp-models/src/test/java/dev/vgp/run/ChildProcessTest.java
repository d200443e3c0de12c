package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.files.RecordingSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs ({@link ChildFixture}) serving tasks: their lines, their failures, their
 * parent's death.
 */
class ChildProcessTest {

  @TempDir Path dir;
  private final RecordingSink sink = new RecordingSink();
  private final List<String> shown = sink.lines;

  private ChildProcess start() {
    return ChildProcess.start(ChildFixture.command("serve"), Map.of("VGP_FIXTURE", "set"), dir,
        sink);
  }

  private void run(String task, String argument) {
    try (ChildProcess child = start()) {
      run(child, task, argument, "child.log");
    }
  }

  private void run(ChildProcess child, String task, String argument, String log) {
    child.run(task, Path.of(argument), dir.resolve(log), "talking", "Run it again.");
  }

  @Test
  void theChildsLinesAppearAtTheirLevelAndAllOfThemInTheLogFile() throws Exception {
    run("talk", "0");
    assertEquals(List.of("warn: careful", "debug: printed without a level", "variable set"),
        shown.stream().filter(line -> !line.contains("tensorflow") && !line.contains("rest of")
            && !line.startsWith("hello from ")).toList());
    // TensorFlow's INFO lines only at debug level (Maven's -X)
    assertTrue(shown.contains(
        "debug: 2026-12-02 18:40:01.123456: I tensorflow/core/port.cc:153] oneDNN on"),
        shown::toString);
    assertTrue(shown.contains("warn: 2026-12-02 18:40:01.123456: W tensorflow/core/x.cc:1] beware"));
    assertTrue(shown.contains("warn: the rest of the warning"), shown::toString);
    assertTrue(shown.stream().noneMatch(line -> line.contains(EventLine.PREFIX)),
        shown::toString);
    String log = Files.readString(dir.resolve("child.log"));
    assertTrue(log.startsWith("--- "), log);
    for (String line : List.of("INFO hello from ", "WARN careful\n", "printed without a level\n",
        "the rest of the warning\n", "INFO variable set\n")) {
      assertTrue(log.contains(line), line + " missing from " + log);
    }
  }

  /**
   * Only framed events are events: a library's line that starts with a level word, or carries the
   * frame's prefix with a type vgp does not know, is shown at debug level only, and kept as it is
   * in the log file; a message of several lines is one event.
   */
  @Test
  void linesThatLookLikeEventsAreStrayLines() throws Exception {
    run("look-alike", "0");
    assertEquals(List.of("debug: INFO looks like an event", "debug: ERROR looks like an error",
        "debug: " + EventLine.PREFIX + "unknown:x", "one event\nof two lines"), shown);
    String log = Files.readString(dir.resolve("child.log"));
    assertTrue(log.endsWith("\nINFO looks like an event\nERROR looks like an error\n"
        + EventLine.PREFIX + "unknown:x\nINFO one event\nINFO of two lines\n"), log);
  }

  /**
   * One process takes task after task, each task's lines in its own log, and goes on after a
   * task that failed; closing it ends it.
   */
  @Test
  void tasksRunOneAfterAnotherInOneProcessEachIntoItsOwnLog() throws Exception {
    long pid;
    try (ChildProcess child = start()) {
      run(child, "talk", "0", "a.log");
      assertThrows(ChildProcessException.class, () -> run(child, "talk", "1", "b.log"));
      run(child, "talk", "0", "c.log");
      assertTrue(child.alive());
      pid = Long.parseLong(shown.stream().filter(line -> line.startsWith("hello from "))
          .findFirst().orElseThrow().substring("hello from ".length()));
    }
    assertEquals(3, shown.stream().filter(line -> line.equals("hello from " + pid)).count(),
        shown::toString);
    assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "still running");
    for (String log : List.of("a.log", "b.log", "c.log")) {
      List<String> lines = Files.readAllLines(dir.resolve(log));
      assertTrue(lines.get(0).startsWith("--- ") && lines.get(0).contains(" pid " + pid + ": talk "),
          lines::toString);
      assertEquals(1, lines.stream().filter(line -> line.startsWith("--- ")).count(),
          lines::toString);
      assertEquals(1, lines.stream().filter(line -> line.equals("INFO variable set")).count(),
          log + ": " + lines);
      assertEquals(1, lines.stream().filter(line -> line.equals("the rest of the warning")).count(),
          log + ": " + lines);
    }
  }

  @Test
  void aFailedTaskFailsTheCallerWithItsStatusLastLinesLogAndWhatARerunDoes() {
    ChildProcessException e = assertThrows(ChildProcessException.class, () -> run("talk", "3"));
    assertEquals(3, e.exitCode());
    String message = e.getMessage();
    assertTrue(message.startsWith("talking failed: its process (pid "), message);
    assertTrue(message.contains(") reported that the task failed (status 3)\nLast lines of its"
        + " log:\n"), message);
    assertTrue(message.contains("\n  WARN careful\n"), message);
    // standard output and standard error are two pipes read by two threads: the last line of
    // one may come before or after the other's
    assertTrue(message.contains("\n  INFO variable set\n"), message);
    assertTrue(message.endsWith("\nFull log: " + dir.resolve("child.log") + "\nRun it again."),
        message);
  }

  @Test
  void aChildThatExitsDuringATaskIsNamedByItsExitCode() {
    ChildProcessException e = assertThrows(ChildProcessException.class, () -> run("exit", "5"));
    assertEquals(5, e.exitCode());
    assertTrue(e.getMessage().contains(") exited with code 5\nLast lines of its log:\n"),
        e.getMessage());
    assertTrue(e.getMessage().contains("\n  INFO about to exit with 5\n"), e.getMessage());
  }

  @Test
  void aChildKilledBySignalIsNamedBySignal() {
    ChildProcessException e = assertThrows(ChildProcessException.class,
        () -> run("signal", "KILL"));
    assertEquals(137, e.exitCode());
    assertTrue(e.getMessage().contains("was killed by SIGKILL (exit code 137): the kernel's"
        + " out-of-memory killer (see dmesg) or a kill -9\n"), e.getMessage());
    assertTrue(e.getMessage().contains("\n  INFO about to receive KILL\n"), e.getMessage());
  }

  @Test
  void theJvmsCrashReportIsNamedWhenItLeftOne() throws Exception {
    Files.writeString(dir.resolve("hs_err_pid42.log"), "#  SIGSEGV (0xb) at pc=...");
    String message = ChildProcess.failure("training x", 42, ChildProcess.describeExit(134),
        List.of("INFO started"),
        dir.resolve("train.log"), dir, "Rerun.");
    assertEquals("training x failed: its process (pid 42) was killed by SIGABRT (exit code 134):"
        + " a native crash, in TensorFlow or the JVM\nThe JVM's crash report: "
        + dir.resolve("hs_err_pid42.log") + "\nLast lines of its log:\n  INFO started\nFull log: "
        + dir.resolve("train.log") + "\nRerun.", message);
  }

  @Test
  void exitCodesAbove128AreSignals() {
    assertEquals("exited with code 1", ChildProcess.describeExit(1));
    assertEquals("was killed by SIGABRT (exit code 134): a native crash, in TensorFlow or the"
        + " JVM", ChildProcess.describeExit(134));
    assertEquals("was killed by SIGTERM (exit code 143): it was asked to stop",
        ChildProcess.describeExit(143));
    assertEquals("was killed by signal 40 (exit code 168)", ChildProcess.describeExit(168));
  }

  /**
   * Kills (-9) a parent that started a child through {@link ChildProcess}: the child must notice
   * and stop within seconds rather than train on unseen.
   */
  @Test
  void aChildStopsWithinSecondsWhenItsParentIsKilled() throws Exception {
    Process parent = new ProcessBuilder(ChildFixture.command("parent", dir.toString()))
        .redirectErrorStream(true).start();
    long childPid = -1;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; childPid < 0 && (line = out.readLine()) != null; ) {
        if (line.startsWith("INFO watching pid ")) {
          childPid = Long.parseLong(line.substring("INFO watching pid ".length()));
        }
      }
      assertTrue(childPid > 0, "the child did not start");
      ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
      parent.destroyForcibly().waitFor();
      long killed = System.nanoTime();
      child.onExit().get(20, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - killed) / 1e9;
      assertTrue(seconds < 5, "the child took " + seconds + " s to notice");
    } finally {
      parent.destroyForcibly();
      if (childPid > 0) ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
    }
    // Its last words went to the dead parent; its shutdown hooks ran, as a training process's do.
    assertTrue(Files.exists(dir.resolve("stopped-by-shutdown-hook")));
  }
}
