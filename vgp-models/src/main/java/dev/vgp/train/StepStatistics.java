package dev.vgp.train;

/**
 * What one training step (or gradient probe) measured on its batch: loss and accuracy in training
 * mode, and per gradient layer (network order) the mean |dLoss/dW| and the L2 norm of dLoss/dW
 * before the update, and |dW| / |W| of the update (empty for a probe, which updates nothing;
 * infinite for a weight that was all zero).
 */
record StepStatistics(int images, double loss, double accuracy, double[] meanAbsGradient,
    double[] l2Gradient, double[] updateRatio) {

  /** Whether the loss and every layer's gradient statistics are finite numbers. */
  boolean finite() {
    if (!Double.isFinite(loss)) return false;
    for (int i = 0; i < meanAbsGradient.length; i++) {
      if (!Double.isFinite(meanAbsGradient[i]) || !Double.isFinite(l2Gradient[i])) return false;
    }
    return true;
  }
}
