package dev.vgp.train;

import dev.vgp.results.EpochMetrics;
import dev.vgp.results.TestMetrics;
import java.util.List;

/**
 * How a training run ended.
 *
 * @param epochs every epoch's row, including those of runs this one resumed
 * @param test test metrics with the weights of the best validation epoch
 * @param resumedAtEpoch the first epoch this run trained after resuming, -1 for a fresh run
 * @param device where TensorFlow placed the ops, e.g. "CPU:0"
 */
public record TrainingOutcome(List<EpochMetrics> epochs, TestMetrics test, int resumedAtEpoch,
    String device) {}
