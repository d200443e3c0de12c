package dev.vgp.run;

/**
 * A training process that did not end well: its message names the exit code or signal, quotes the
 * last lines of its log and says where the whole log is and what a rerun does.
 */
public class ChildProcessException extends RuntimeException {

  private final int exitCode;

  public ChildProcessException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The process's exit code; 128 + n when signal n killed it. */
  public int exitCode() {
    return exitCode;
  }
}
