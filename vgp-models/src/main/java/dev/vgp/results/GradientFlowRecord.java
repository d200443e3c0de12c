package dev.vgp.results;

/**
 * One row of {@code gradient_flow.csv}. Epoch -1 marks a measurement at initialisation, before any
 * update. A NaN or infinite value is written as such and flags an exploding gradient.
 */
public record GradientFlowRecord(
    int epoch, int layerIndex, String layer, GradientStatistic statistic, double value) {}
