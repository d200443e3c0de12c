package dev.vgp.results;

/**
 * A results file that exists but does not parse, or files of one run that disagree: damage from
 * outside (an editor, a disk, a copy cut short), since vgp writes every file atomically.
 */
public final class DamagedResultsException extends RuntimeException {

  public DamagedResultsException(String message, Throwable cause) {
    super(message, cause);
  }

  public DamagedResultsException(String message) {
    super(message);
  }
}
