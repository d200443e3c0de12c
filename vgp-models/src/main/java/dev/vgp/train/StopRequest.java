package dev.vgp.train;

import java.util.Optional;

/**
 * Asks a running training to stop at its next step boundary, from another thread: a JVM shutdown
 * hook on SIGINT or SIGTERM, or a lock that another process took over. The trainer polls it
 * between steps, so that it stops with its files consistent and the latest checkpoint intact.
 */
public final class StopRequest {

  private volatile String reason;

  /** Asks to stop; the first reason given is kept. */
  public synchronized void request(String why) {
    if (reason == null) reason = why;
  }

  /** Why the run was asked to stop, empty while it may go on. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }
}
