package dev.vgp.run;

import dev.vgp.files.LogSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads what the parent (Maven) sends a training process on its standard input, one task a line,
 * and stops the process when the parent is gone, so that it does not train on unseen, holding
 * its experiment. When the parent dies, even by kill -9, the kernel closes the write end of the
 * pipe and a read here returns end of input within moments. Surefire's forked JVMs watch their
 * parent the same way (its commands and "ping" go through the same pipe).
 *
 * <p>On end of input this calls {@link System#exit}, so that shutdown hooks stop the training at
 * a step boundary and record where it stopped; if they take longer than {@link #HALT_AFTER}, the
 * JVM halts. A process started without a parent to watch (a launch script, a cluster job) does not
 * start this: its standard input may be empty from the start.
 */
final class ParentWatch {

  /** The exit code of a process that stopped because its parent died. */
  static final int PARENT_GONE = 3;

  static final Duration HALT_AFTER = Duration.ofSeconds(60);

  private ParentWatch() {}

  /**
   * Hands each line of {@code input} to {@code received} on a thread of its own, and exits when
   * the input ends. After {@code last}, the parent's orderly goodbye, it stops reading.
   */
  static void start(InputStream input, LogSink log, String last, Consumer<String> received) {
    Thread watch = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(input, StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          received.accept(line);
          if (line.equals(last)) return;
        }
      } catch (IOException e) {
        // a broken pipe means the same as its end
      }
      log.error("the process that started this one (Maven) is gone: stopping");
      Thread halt = new Thread(() -> {
        try {
          Thread.sleep(HALT_AFTER.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        Runtime.getRuntime().halt(PARENT_GONE);
      }, "vgp-halt");
      halt.setDaemon(true);
      halt.start();
      System.exit(PARENT_GONE);
    }, "vgp-parent-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
