package dev.vgp.train;

import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates one epoch's steps: running means of loss and accuracy (weighted by batch size) and
 * the gradient flow, i.e. the last batch's statistics and the mean over batches of mean |grad|.
 */
final class EpochStatistics {

  private final List<String> labels;
  private final double[] meanAbsSum;
  private StepStatistics last;
  private int steps;
  private long images;
  private double lossSum;
  private double accuracySum;

  EpochStatistics(List<String> labels) {
    this.labels = labels;
    this.meanAbsSum = new double[labels.size()];
  }

  void add(StepStatistics step) {
    last = step;
    steps++;
    images += step.images();
    lossSum += step.loss() * step.images();
    accuracySum += step.accuracy() * step.images();
    for (int i = 0; i < meanAbsSum.length; i++) meanAbsSum[i] += step.meanAbsGradient()[i];
  }

  int steps() {
    return steps;
  }

  long images() {
    return images;
  }

  double meanLoss() {
    return lossSum / images;
  }

  double meanAccuracy() {
    return accuracySum / images;
  }

  /** The labels of layers whose gradient was NaN or infinite on some step, empty when healthy. */
  List<String> nonFiniteLayers() {
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (!Double.isFinite(meanAbsSum[i]) || !Double.isFinite(last.l2Gradient()[i])) {
        bad.add(labels.get(i));
      }
    }
    return bad;
  }

  /** The epoch's gradient flow rows, in gradient_flow.csv's order. */
  List<GradientFlowRecord> gradientFlow(int epoch) {
    if (last == null) throw new IllegalStateException("no step recorded for epoch " + epoch);
    List<GradientFlowRecord> rows = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      rows.add(new GradientFlowRecord(epoch, i, label, GradientStatistic.LAST_BATCH_MEAN_ABS,
          last.meanAbsGradient()[i]));
      rows.add(new GradientFlowRecord(epoch, i, label, GradientStatistic.EPOCH_MEAN_ABS,
          meanAbsSum[i] / steps));
      rows.add(new GradientFlowRecord(epoch, i, label, GradientStatistic.LAST_BATCH_L2,
          last.l2Gradient()[i]));
    }
    return rows;
  }
}
