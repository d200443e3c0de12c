package dev.vgp.analysis;

import dev.vgp.results.ExperimentRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The study's experiments ordered by final validation accuracy (mean over seeds) beside the
 * paper's Table 1 ordering of the same rows, and the Spearman rank correlation of the two: on
 * data or at a scale other than the paper's, the absolute numbers cannot be compared, but the
 * ordering can.
 *
 * @param rows the experiments the paper also has, in the measured order
 * @param spearman the rank correlation of the two orderings, -1 to 1; NaN with fewer than 3 rows
 * @param scale what these runs were, against the paper's 100 epochs of CIFAR-100
 */
public record Ranking(List<Row> rows, double spearman, String scale) {

  /** One experiment's rank in each ordering (1 is the best; ties share their mean rank). */
  public record Row(String label, String learningRate, double measured, double measuredRank,
      double paper, double paperRank) {}

  /** The paper trained every model for 100 epochs of batch 100 on 47,500 images. */
  static final long PAPER_STEPS = 100L * 475;

  /** Matches each group to the paper's row by label and learning rate, whatever its data. */
  public static Ranking of(List<RunGroup> groups, ReferenceTable reference) {
    List<RunGroup> matched = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    List<Double> paper = new ArrayList<>();
    for (RunGroup group : groups) {
      Optional<ExperimentRecord> record = group.first().record();
      Optional<ReferenceTable.Row> row = record.flatMap(r -> reference.find(r.label(),
          r.training().learningRate()));
      Optional<Double> accuracy = group.mean(r -> r.lastEpoch()
          .map(e -> 100 * e.validationAccuracy()));
      if (row.isEmpty() || accuracy.isEmpty()) continue;
      matched.add(group);
      measured.add(accuracy.get());
      paper.add(row.get().validationAccuracyPercent());
    }
    double[] measuredRanks = ranks(measured);
    double[] paperRanks = ranks(paper);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < matched.size(); i++) {
      ExperimentResults first = matched.get(i).first();
      rows.add(new Row(first.label(), first.learningRate().map(Format::shortScientific)
          .orElse(""), measured.get(i), measuredRanks[i], paper.get(i), paperRanks[i]));
    }
    rows.sort(Comparator.comparingDouble(Row::measuredRank));
    return new Ranking(List.copyOf(rows), rows.size() < 3 ? Double.NaN
        : pearson(measuredRanks, paperRanks), scale(matched));
  }

  /** Ranks, 1 for the highest value; tied values share the mean of their ranks. */
  static double[] ranks(List<Double> values) {
    double[] ranks = new double[values.size()];
    for (int i = 0; i < ranks.length; i++) {
      int above = 0;
      int same = 0;
      for (double other : values) {
        if (other > values.get(i)) above++;
        if (other == values.get(i)) same++;
      }
      ranks[i] = above + (same + 1) / 2.0;
    }
    return ranks;
  }

  /** Pearson's correlation, of ranks here: Spearman's rho, ties included. */
  static double pearson(double[] a, double[] b) {
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < a.length; i++) {
      meanA += a[i] / a.length;
      meanB += b[i] / b.length;
    }
    double cov = 0;
    double varA = 0;
    double varB = 0;
    for (int i = 0; i < a.length; i++) {
      cov += (a[i] - meanA) * (b[i] - meanB);
      varA += (a[i] - meanA) * (a[i] - meanA);
      varB += (b[i] - meanB) * (b[i] - meanB);
    }
    return cov / Math.sqrt(varA * varB);
  }

  /** "240 steps on 8,000 fashion-mnist images (10 classes), 1 seed" against the paper's. */
  private static String scale(List<RunGroup> matched) {
    if (matched.isEmpty()) return "";
    ExperimentRecord r = matched.get(0).first().record().orElseThrow();
    long steps = RunLength.trainingSteps(r.training());
    String images = r.training().trainLimit() == 0 ? "all training images"
        : Format.thousands(r.training().trainLimit()) + " training images";
    int seeds = matched.get(0).size();
    String ours = String.format(Locale.ROOT, "%s, %d epochs of %s of %s (%d classes), %d "
            + "seed%s per experiment", steps == Long.MAX_VALUE ? "every training image"
            : Format.thousands(steps) + " steps", r.training().epochs(), images, r.dataset(),
        r.model().numClasses(), seeds, seeds == 1 ? "" : "s");
    String paper = "The paper: " + Format.thousands(PAPER_STEPS) + " steps, 100 epochs of "
        + "47,500 CIFAR-100 images (100 classes), one seed.";
    if (steps == Long.MAX_VALUE) return "These runs: " + ours + ". " + paper;
    return "These runs: " + ours + ". " + paper + " At " + Format.fixed(100.0 * steps
        / PAPER_STEPS, 1) + "% of the paper's steps the absolute accuracies are not the paper's; "
        + "what a miniature can reproduce is the ordering: which cures train, and which train "
        + "best.";
  }
}
