package dev.vgp.cluster;

/**
 * A scheduler's command failed or answered what vgp cannot read; the message names what to
 * check.
 */
public final class SchedulerException extends RuntimeException {

  public SchedulerException(String message) {
    super(message);
  }
}
