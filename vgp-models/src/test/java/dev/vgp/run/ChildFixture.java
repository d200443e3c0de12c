package dev.vgp.run;

import dev.vgp.files.LogSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small processes for {@link ChildProcessTest}, started from the test classpath: one that serves
 * tasks as a training process does ({@link ChildMain#serve}), and a parent that starts one, gives
 * it a task and can be killed. The tasks, each named with its argument as the task's "file":
 * {@code talk <status>} prints lines of every kind and ends with that status, {@code look-alike}
 * prints lines that look like events and are not, {@code exit <code>}
 * ends the process, {@code signal <name>} kills it, {@code watch-parent} waits for its parent to
 * die (leaving a file in its working directory when its shutdown hooks run).
 */
public final class ChildFixture {

  private ChildFixture() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "serve" -> {
        LogSink log = ChildOutput.events(System.out);
        ChildMain.serve(System.in, log, (task, argument) -> task(task, argument.toString(), log));
        System.exit(0);
      }
      case "parent" -> {
        LogSink log = ChildOutput.plain(System.out);
        try (ChildProcess child = ChildProcess.start(command("serve"), Map.of(), Path.of(args[1]),
            log)) {
          child.run("watch-parent", Path.of("-"), Path.of(args[1], "child.log"), "the fixture",
              "");
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static int task(String task, String argument, LogSink log) {
    try {
      switch (task) {
        case "talk" -> {
          log.info("hello from " + ProcessHandle.current().pid());
          log.warn("careful");
          System.out.println("printed without a level");
          System.err.println(
              "2026-12-02 18:40:01.123456: I tensorflow/core/port.cc:153] oneDNN on");
          System.err.println("2026-12-02 18:40:01.123456: W tensorflow/core/x.cc:1] beware");
          System.err.println("the rest of the warning");
          log.info("variable " + System.getenv("VGP_FIXTURE"));
          return Integer.parseInt(argument);
        }
        case "look-alike" -> {
          // what a library might print: none of it is an event
          System.out.println("INFO looks like an event");
          System.out.println("ERROR looks like an error");
          System.out.println(EventLine.PREFIX + "unknown:x");
          log.info("one event\nof two lines");
          return 0;
        }
        case "exit" -> {
          log.info("about to exit with " + argument);
          System.exit(Integer.parseInt(argument));
        }
        case "signal" -> {
          log.info("about to receive " + argument);
          new ProcessBuilder("kill", "-" + argument, Long.toString(ProcessHandle.current().pid()))
              .inheritIO().start().waitFor();
          Thread.sleep(60_000);
        }
        case "watch-parent" -> {
          // what a training process's shutdown hook would do: record that it stopped
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              Files.writeString(Path.of("stopped-by-shutdown-hook"), "");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }));
          log.info("watching pid " + ProcessHandle.current().pid());
          Thread.sleep(60_000);
          log.info("the parent's death went unnoticed");
        }
        default -> throw new IllegalArgumentException(task);
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** {@code java -cp <test classpath> dev.vgp.run.ChildFixture <arguments>}. */
  static List<String> command(String... arguments) {
    return java(ChildFixture.class, arguments);
  }

  /** {@code java -cp <test classpath> <main> <arguments>}. */
  static List<String> java(Class<?> main, String... arguments) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(arguments));
    return command;
  }

}
