package dev.vgp.maven;

import dev.vgp.plan.ExperimentDeclaration;

/**
 * One {@code <experiment>} of the POM: an id naming its results directory, a label for tables and
 * plots, and whatever settings differ from {@code <defaults>}.
 */
public class Experiment extends Settings {

  /** Names the results directory {@code <outputDirectory>/<id>}; letters, digits, . _ -. */
  String id;
  /** Display name in logs, tables and plots, e.g. "VGG38 BN + RC" (default: the id). */
  String label;

  public ExperimentDeclaration toDeclaration() {
    return new ExperimentDeclaration(id, label, toSettings());
  }
}
