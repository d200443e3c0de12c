package dev.vgp.run;

import dev.vgp.train.Divergence;

/** An experiment diverged and the run was told to stop there ({@code vgp.failOnDivergence}). */
public final class ExperimentDivergedException extends RuntimeException {

  private final Divergence divergence;

  ExperimentDivergedException(String message, Divergence divergence, Throwable cause) {
    super(message, cause);
    this.divergence = divergence;
  }

  public Divergence divergence() {
    return divergence;
  }
}
