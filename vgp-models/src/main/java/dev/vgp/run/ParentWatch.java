package dev.vgp.run;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Stops a training process whose parent (Maven) is gone, so that it does not train on unseen,
 * holding its experiment. The parent holds the write end of this process's standard input open
 * and never writes; when the parent dies, even by kill -9, the kernel closes that end and a read
 * here returns end of input within moments. Surefire's forked JVMs watch their parent the same
 * way (its "ping" goes through the same pipe).
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

  static void exitWhenInputEnds(InputStream input, LogSink log) {
    Thread watch = new Thread(() -> {
      try {
        byte[] ignored = new byte[256];
        while (input.read(ignored) != -1) {
          // the parent never writes; anything that arrives is not for us
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
