package dev.vgp.results;

/** One row of {@code summary.csv}: an epoch's learning rate, metrics and speed. */
public record EpochMetrics(
    int epoch,
    double learningRate,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double seconds,
    double imagesPerSecond) {}
