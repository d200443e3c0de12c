package dev.vgp.train;

/**
 * What one training step (or gradient probe) measured on its batch: loss and accuracy in training
 * mode, and per gradient layer (network order) the mean |dLoss/dW| and the L2 norm of dLoss/dW
 * before the update.
 */
record StepStatistics(int images, double loss, double accuracy, double[] meanAbsGradient,
    double[] l2Gradient) {

  /** Whether the loss and every layer's gradient statistics are finite numbers. */
  boolean finite() {
    if (!Double.isFinite(loss)) return false;
    for (int i = 0; i < meanAbsGradient.length; i++) {
      if (!Double.isFinite(meanAbsGradient[i]) || !Double.isFinite(l2Gradient[i])) return false;
    }
    return true;
  }
}
