package dev.vgp.maven;

import dev.vgp.expectations.ExpectationDeclaration;
import java.io.File;

/**
 * One {@code <expectation>} of the POM: a claim about the recorded results that {@code vgp:check}
 * evaluates. {@code <kind>} says which claim; the other fields are what that kind reads
 * (docs/report.md has the table), e.g.
 *
 * <pre>{@code
 * <expectation><kind>vanishes</kind><experiment>vgg38-1e-3</experiment><epoch>init</epoch>
 * </expectation>
 * }</pre>
 */
public class Expectation {

  /** Shown in the table and the JUnit file (default: made from the claim). */
  String name;
  /** vanishes, noVanishing, beats, nearPaper, matchesBaseline or metric. */
  String kind;
  /** The experiment id the claim is about (every kind but beats). */
  String experiment;
  /** beats: the experiment ids whose best must win, comma-separated. */
  String experiments;
  /** beats: the experiment ids whose best must lose, comma-separated. */
  String than;
  /** init, last, best or a 0-based epoch number. */
  String epoch;
  /** e.g. {@code best val_acc}, {@code test_acc}, {@code final train_loss}, {@code gradient_ratio}. */
  String metric;
  /** metric: above, atLeast, below, atMost or near. */
  String comparator;
  /** metric: the number compared with; accuracies in percent. */
  Double value;
  /**
   * metric, instead of value: that many times chance accuracy (100% over the classes), so one
   * claim holds on CIFAR-100 (chance 1%) and Fashion-MNIST (10%).
   */
  Double timesChance;
  /** near, nearPaper, matchesBaseline: the largest difference allowed (accuracies in points). */
  Double tolerance;
  /** vanishes: an upper bound on the first/last layer gradient ratio. */
  Double ratioBelow;
  /** matchesBaseline: a results directory, or a directory of them. */
  File baseline;
  /** beats: how far ahead the winner must be (accuracies in points); default 0. */
  Double margin;
  /**
   * With {@code -Dvgp.seeds}: {@code every} (default) holds at each seed on its own, {@code mean}
   * holds for the mean over seeds of the number it reads.
   */
  String seeds;
  /**
   * Skip, with the reason, when a run it reads was shortened (image limits, fewer epochs): for
   * the paper's absolute numbers (nearPaper does this by itself).
   */
  Boolean fullRunOnly;
  /**
   * Why the claim is known not to hold here, with the numbers (e.g. at the miniature's scale):
   * its failure is reported as KNOWN_FAILURE and does not fail the build; if it holds after all,
   * it fails, so that the declaration is kept true.
   */
  String knownToFail;

  public ExpectationDeclaration toDeclaration() {
    return new ExpectationDeclaration(name, kind, experiment, experiments, than, epoch, metric,
        comparator, value, timesChance, tolerance, ratioBelow,
        baseline == null ? null : baseline.toPath(), margin, seeds, fullRunOnly, knownToFail);
  }
}
