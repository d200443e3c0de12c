package dev.vgp.run;

import dev.vgp.train.StopRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns a JVM shutdown during training (SIGINT, SIGTERM, {@code System.exit}: Ctrl-C, a scheduler
 * preempting the job, a parent process going away) into a stop at the trainer's next step
 * boundary. The hook asks, then waits up to {@link #GRACE} for the training thread to write the
 * status {@code interrupted} and release its lock; if it does not answer in time (a long
 * validation pass), the hook does both itself before the JVM halts.
 */
final class StopOnShutdown implements AutoCloseable {

  /** Shorter than the 10 s that docker and systemd give before SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(5);
  static final String REASON = "the JVM is shutting down (SIGINT, SIGTERM or System.exit)";

  private final CountDownLatch settled = new CountDownLatch(1);
  private final Thread hook;

  /** @param unanswered what the hook does itself when training did not stop within the grace */
  StopOnShutdown(String name, StopRequest stop, Runnable unanswered) {
    hook = new Thread(() -> {
      stop.request(REASON);
      try {
        if (!settled.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) unanswered.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "vgp-stop " + name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Training has ended and its status is written: a shutdown from now on has nothing to stop. */
  @Override
  public void close() {
    settled.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running and sees the latch released
    }
  }
}
