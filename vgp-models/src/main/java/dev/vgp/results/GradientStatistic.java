package dev.vgp.results;

/** What a value in {@code gradient_flow.csv} measures, for one weight tensor in one epoch. */
public enum GradientStatistic {
  /** Mean |dLoss/dW| on the epoch's last training batch: what the reference plots. */
  LAST_BATCH_MEAN_ABS,
  /** Mean |dLoss/dW| averaged over all of the epoch's training batches. */
  EPOCH_MEAN_ABS,
  /** L2 norm of dLoss/dW on the epoch's last training batch. */
  LAST_BATCH_L2;

  public String csvName() {
    return name().toLowerCase();
  }

  public static GradientStatistic fromCsv(String name) {
    return valueOf(name.toUpperCase());
  }
}
