package dev.vgp.train;

import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientHistogram;
import dev.vgp.results.GradientStatistic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.proto.RunMetadata;

/**
 * Accumulates one epoch's steps: running means of loss and accuracy (weighted by batch size) and
 * the gradient flow, i.e. the last batch's statistics and the mean over batches of mean |grad|.
 */
final class EpochStatistics {

  private final List<String> labels;
  private final double[] meanAbsSum;
  /** Per layer, the sum and count of the steps' finite update ratios. */
  private final double[] updateRatioSum;
  private final int[] updateRatioSteps;
  private StepStatistics last;
  private int steps;
  private long images;
  private double lossSum;
  private double accuracySum;
  /** The first step whose loss or gradient was not finite, with what was found; null if none. */
  private StepStatistics firstNonFinite;
  private int firstNonFiniteStep;
  private long stepNanos;
  /** The epoch's last step with its gradients and trace; null until it ran (or if it never did). */
  private TrainingSession.ObservedStep observed;

  /** Counts the time a step took, to tell the step's share of an epoch from the loop's. */
  void addStepTime(long nanos) {
    stepNanos += nanos;
  }

  /** Seconds spent in the training steps themselves. */
  double stepSeconds() {
    return stepNanos / 1e9;
  }

  EpochStatistics(List<String> labels) {
    this.labels = labels;
    this.meanAbsSum = new double[labels.size()];
    this.updateRatioSum = new double[labels.size()];
    this.updateRatioSteps = new int[labels.size()];
  }

  void add(StepStatistics step) {
    last = step;
    steps++;
    if (firstNonFinite == null && !step.finite()) {
      firstNonFinite = step;
      firstNonFiniteStep = steps;
    }
    images += step.images();
    lossSum += step.loss() * step.images();
    accuracySum += step.accuracy() * step.images();
    for (int i = 0; i < meanAbsSum.length; i++) meanAbsSum[i] += step.meanAbsGradient()[i];
    for (int i = 0; i < step.updateRatio().length; i++) {
      // a weight that starts at 0 (Fixup's last conv) has no ratio at step 1
      if (Double.isFinite(step.updateRatio()[i])) {
        updateRatioSum[i] += step.updateRatio()[i];
        updateRatioSteps[i]++;
      }
    }
  }

  /** Keeps what the epoch's last step showed besides its statistics (added by {@link #add}). */
  void observe(TrainingSession.ObservedStep step) {
    observed = step;
  }

  /**
   * Each layer's gradient histogram on the epoch's last batch; none when the epoch stopped before
   * it, and none for a layer whose gradient was not finite.
   */
  List<GradientHistogram> histograms() {
    if (observed == null) return List.of();
    List<GradientHistogram> histograms = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      GradientHistogram.of(i, labels.get(i), observed.gradients().get(i))
          .ifPresent(histograms::add);
    }
    return histograms;
  }

  /** The trace of the epoch's last step, empty when the epoch stopped before it. */
  Optional<RunMetadata> lastStepTrace() {
    return Optional.ofNullable(observed).map(TrainingSession.ObservedStep::trace);
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

  boolean diverged() {
    return firstNonFinite != null;
  }

  /**
   * The first step of this epoch whose loss or gradient was NaN or infinite, naming the first
   * layer in network order whose gradient was; empty while all were finite.
   */
  Optional<Divergence> divergence(int epoch) {
    if (firstNonFinite == null) return Optional.empty();
    List<String> layers = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (!Double.isFinite(firstNonFinite.meanAbsGradient()[i])
          || !Double.isFinite(firstNonFinite.l2Gradient()[i])) {
        layers.add(labels.get(i));
      }
    }
    return Optional.of(new Divergence(epoch, firstNonFiniteStep, firstNonFinite.loss(),
        layers.stream().findFirst(), layers.size()));
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
      if (updateRatioSteps[i] > 0) {
        rows.add(new GradientFlowRecord(epoch, i, label, GradientStatistic.UPDATE_RATIO,
            updateRatioSum[i] / updateRatioSteps[i]));
      }
    }
    return rows;
  }
}
