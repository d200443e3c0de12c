package dev.vgp.train;

/**
 * Training stopped at a step boundary because a {@link StopRequest} asked it to: in {@link
 * #epoch()} (0-based) after {@link #step()} of its {@link #steps()} steps. A rerun resumes after
 * {@link #lastCompletedEpoch()}, the epoch of the latest checkpoint (-1: from the start).
 */
public final class TrainingStoppedException extends RuntimeException {

  private final int epoch;
  private final int step;
  private final int steps;
  private final int lastCompletedEpoch;

  public TrainingStoppedException(String reason, int epoch, int step, int steps,
      int lastCompletedEpoch) {
    super(reason);
    this.epoch = epoch;
    this.step = step;
    this.steps = steps;
    this.lastCompletedEpoch = lastCompletedEpoch;
  }

  public int epoch() {
    return epoch;
  }

  public int step() {
    return step;
  }

  public int steps() {
    return steps;
  }

  public int lastCompletedEpoch() {
    return lastCompletedEpoch;
  }
}
