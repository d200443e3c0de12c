package dev.vgp.expectations;

import java.nio.file.Path;

/**
 * One {@code <expectation>} as written in a POM, not yet checked: {@link Expectations#resolve}
 * validates every declaration at once. Which fields apply depends on {@code kind}
 * (docs/report.md has the table).
 *
 * @param name shown in the table and the JUnit file; null for a name made from the claim
 * @param kind vanishes, noVanishing, beats, nearPaper, matchesBaseline or metric
 * @param experiment the experiment id the claim is about (all kinds but beats)
 * @param experiments beats: the ids whose best must win, comma-separated
 * @param than beats: the ids whose best must lose, comma-separated
 * @param epoch init, last, best or an epoch number
 * @param metric e.g. "best val_acc", "test_acc", "final train_loss", "gradient_ratio"
 * @param comparator metric: above, atLeast, below, atMost or near
 * @param value metric: the number compared with (accuracies in percent)
 * @param timesChance metric, instead of value: that many times chance accuracy (100% over the
 *     classes), the same claim on every dataset
 * @param tolerance near, nearPaper, matchesBaseline: the largest difference allowed
 * @param ratioBelow vanishes: an upper bound on the first/last layer gradient ratio
 * @param baseline matchesBaseline: a results directory, or a directory of them
 * @param margin beats: how far ahead the winner must be (accuracies in points)
 * @param seeds every (default: it holds at each seed) or mean (it holds for the mean over seeds)
 * @param fullRunOnly skip (with the reason) when a run it reads was shortened
 * @param knownToFail why the claim is known not to hold here; null for a claim that must hold
 */
public record ExpectationDeclaration(String name, String kind, String experiment,
    String experiments, String than, String epoch, String metric, String comparator, Double value,
    Double timesChance, Double tolerance, Double ratioBelow, Path baseline, Double margin,
    String seeds, Boolean fullRunOnly, String knownToFail) {}
