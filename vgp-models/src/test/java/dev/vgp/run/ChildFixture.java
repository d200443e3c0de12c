package dev.vgp.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small processes for {@link ChildProcessTest}, started from the test classpath: one that talks
 * and ends, one that kills itself, one that waits for its parent to die (in its working
 * directory), and a parent that starts that one and can be killed.
 */
public final class ChildFixture {

  private ChildFixture() {}

  public static void main(String[] args) throws Exception {
    LogSink log = ChildOutput.printer(System.out);
    switch (args[0]) {
      case "talk" -> {
        log.info("hello");
        log.warn("careful");
        System.out.println("printed without a level");
        System.err.println("2026-12-02 18:40:01.123456: I tensorflow/core/port.cc:153] oneDNN on");
        System.err.println("2026-12-02 18:40:01.123456: W tensorflow/core/x.cc:1] beware");
        System.err.println("the rest of the warning");
        log.info("variable " + System.getenv("VGP_FIXTURE"));
        System.exit(Integer.parseInt(args[1]));
      }
      case "signal" -> {
        log.info("about to receive " + args[1]);
        new ProcessBuilder("kill", "-" + args[1], Long.toString(ProcessHandle.current().pid()))
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
        ParentWatch.exitWhenInputEnds(System.in, log);
        log.info("watching pid " + ProcessHandle.current().pid());
        Thread.sleep(60_000);
        log.info("the parent's death went unnoticed");
      }
      case "parent" -> ChildProcess.run(command("watch-parent"), Map.of(), Path.of(args[1]),
          Path.of(args[1], "child.log"), log, "the fixture", "");
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** {@code java -cp <test classpath> dev.vgp.run.ChildFixture <arguments>}. */
  static List<String> command(String... arguments) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ChildFixture.class.getName()));
    command.addAll(List.of(arguments));
    return command;
  }

}
