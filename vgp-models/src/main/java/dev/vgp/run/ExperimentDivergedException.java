package dev.vgp.run;


/** An experiment diverged and the run was told to stop there ({@code vgp.failOnDivergence}). */
public final class ExperimentDivergedException extends RuntimeException {

  /** The message says it all: no cause, which Maven would append to the message again. */
  ExperimentDivergedException(String message) {
    super(message);
  }
}
