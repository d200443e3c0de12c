package dev.vgp.plan;

/**
 * One experiment as declared: an id (also the name of its results directory), a label for tables
 * and plots, and the settings it overrides over the shared defaults.
 *
 * @param label the display name, e.g. "VGG38 BN + RC"; the id when absent
 */
public record ExperimentDeclaration(String id, String label, ExperimentSettings settings) {}
