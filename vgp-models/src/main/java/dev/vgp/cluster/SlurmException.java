package dev.vgp.cluster;

/** A Slurm command failed or answered what vgp cannot read; the message names what to check. */
public final class SlurmException extends RuntimeException {

  public SlurmException(String message) {
    super(message);
  }
}
