package dev.vgp.train;

/**
 * Training stopped because the loss or a gradient became NaN or infinite. The diverged epoch's
 * rows (covering its steps up to the divergence) are written; its weights are not checkpointed.
 */
public final class TrainingDivergedException extends RuntimeException {

  private final Divergence divergence;

  public TrainingDivergedException(Divergence divergence) {
    super("training diverged " + divergence.describe());
    this.divergence = divergence;
  }

  public Divergence divergence() {
    return divergence;
  }
}
