package dev.vgp.run;

import dev.vgp.train.Divergence;

/** An experiment diverged and the run was told to stop there ({@code vgp.failOnDivergence}). */
public final class ExperimentDivergedException extends RuntimeException {

  private final Divergence divergence;

  /** The message says it all: no cause, which Maven would append to the message again. */
  ExperimentDivergedException(String message, Divergence divergence) {
    super(message);
    this.divergence = divergence;
  }

  public Divergence divergence() {
    return divergence;
  }
}
