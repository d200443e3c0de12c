package dev.vgp.results;

import java.util.Locale;

/** What a value in {@code gradient_flow.csv} measures, for one weight tensor in one epoch. */
public enum GradientStatistic {
  /** Mean |dLoss/dW| on the epoch's last training batch: what the reference plots. */
  LAST_BATCH_MEAN_ABS,
  /** Mean |dLoss/dW| averaged over all of the epoch's training batches. */
  EPOCH_MEAN_ABS,
  /** L2 norm of dLoss/dW on the epoch's last training batch. */
  LAST_BATCH_L2,
  /**
   * |dW| / |W| of a training step, L2 norms of the update Adam applied and of the weights before
   * it, averaged over the epoch's steps. None at initialisation (no step is taken).
   */
  UPDATE_RATIO,
  /**
   * At initialisation only: mean |dLoss/dW| as mean-field signal propagation predicts it from the
   * model's specification and the data's pixel statistics (dev.vgp.theory).
   */
  PREDICTED_MEAN_ABS;

  public String csvName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GradientStatistic fromCsv(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
