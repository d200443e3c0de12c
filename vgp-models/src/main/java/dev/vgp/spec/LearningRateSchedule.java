package dev.vgp.spec;

/** How the learning rate moves over epochs; it is constant within an epoch, as in the reference. */
public enum LearningRateSchedule {
  /** lr(e) = min + (lr0 - min) * (1 + cos(pi * e / epochs)) / 2, e the 0-based epoch. */
  COSINE,
  CONSTANT;

  public double learningRate(double initial, double minimum, int epoch, int epochs) {
    if (this == CONSTANT) return initial;
    return minimum + (initial - minimum) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
  }
}
