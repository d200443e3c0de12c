package dev.vgp.results;

/** {@code test_summary.csv}: test metrics with the weights of the best validation epoch. */
public record TestMetrics(int bestEpoch, double testLoss, double testAccuracy) {}
