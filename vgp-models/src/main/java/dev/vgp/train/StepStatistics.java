package dev.vgp.train;

/**
 * What one training step (or gradient probe) measured on its batch: loss and accuracy in training
 * mode, and per gradient layer (network order) the mean |dLoss/dW| and the L2 norm of dLoss/dW
 * before the update.
 */
record StepStatistics(int images, double loss, double accuracy, double[] meanAbsGradient,
    double[] l2Gradient) {}
