package dev.vgp.run;

import dev.vgp.plan.ExperimentDefinition;
import java.nio.file.Path;

/** An experiment diverged and the run was told to stop there ({@code vgp.failOnDivergence}). */
public final class ExperimentDivergedException extends RuntimeException {

  /** The message says it all: no cause, which Maven would append to the message again. */
  ExperimentDivergedException(String message) {
    super(message);
  }

  /**
   * "x diverged in epoch 3 at step 12: ... Its rows and checkpoints up to there are kept in ...
   * Lower its learningRate (0.01)".
   *
   * @param divergedAt where, as experiment.json records it ("in epoch 3 at step 12: loss NaN...")
   */
  static String describe(ExperimentDefinition experiment, String divergedAt, Path results) {
    return experiment.id() + " diverged " + divergedAt + ". Its rows and checkpoints up to there"
        + " are kept in " + results + " (status diverged). Lower its learningRate ("
        + ExperimentTraining.plain(experiment.training().learningRate()) + ")";
  }
}
