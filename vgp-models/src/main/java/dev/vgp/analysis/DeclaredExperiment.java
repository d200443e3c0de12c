package dev.vgp.analysis;

/**
 * What the POM declares of an experiment that may have no results yet: enough to name its row
 * (label and learning rate) before anything was recorded.
 */
public record DeclaredExperiment(String label, double learningRate) {}
