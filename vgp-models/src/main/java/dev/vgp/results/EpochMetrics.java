package dev.vgp.results;

/** One row of {@code summary.csv}: an epoch's learning rate, metrics, speed and cost. */
public record EpochMetrics(
    int epoch,
    double learningRate,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double seconds,
    double imagesPerSecond,
    ResourceUse resources) {}
