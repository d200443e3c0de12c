package dev.vgp.analysis;

import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One statistic of {@code gradient_flow.csv} pivoted into an epochs x layers grid, layers in
 * network order. Epoch -1 (a measurement at initialisation) sorts first. A layer missing from an
 * epoch reads as NaN.
 */
public final class GradientFlowTable {

  /** What the reference plots: mean |dLoss/dW| on each epoch's last training batch. */
  public static final GradientStatistic REFERENCE_STATISTIC =
      GradientStatistic.LAST_BATCH_MEAN_ABS;

  private final List<String> layers;
  private final List<Integer> epochs;
  private final double[][] values;

  private GradientFlowTable(List<String> layers, List<Integer> epochs, double[][] values) {
    this.layers = layers;
    this.epochs = epochs;
    this.values = values;
  }

  public static GradientFlowTable of(List<GradientFlowRecord> records,
      GradientStatistic statistic) {
    TreeMap<Integer, String> layerByIndex = new TreeMap<>();
    TreeMap<Integer, Map<Integer, Double>> byEpoch = new TreeMap<>();
    for (GradientFlowRecord r : records) {
      if (r.statistic() != statistic) continue;
      layerByIndex.putIfAbsent(r.layerIndex(), r.layer());
      byEpoch.computeIfAbsent(r.epoch(), e -> new TreeMap<>()).put(r.layerIndex(), r.value());
    }
    List<Integer> layerIndices = new ArrayList<>(layerByIndex.keySet());
    List<Integer> epochs = new ArrayList<>(byEpoch.keySet());
    double[][] values = new double[epochs.size()][layerIndices.size()];
    for (int e = 0; e < epochs.size(); e++) {
      Map<Integer, Double> row = byEpoch.get(epochs.get(e));
      for (int l = 0; l < layerIndices.size(); l++) {
        values[e][l] = row.getOrDefault(layerIndices.get(l), Double.NaN);
      }
    }
    return new GradientFlowTable(List.copyOf(layerByIndex.values()), List.copyOf(epochs), values);
  }

  /** No layers, no epochs: a statistic not recorded. */
  public static GradientFlowTable empty() {
    return new GradientFlowTable(List.of(), List.of(), new double[0][0]);
  }

  public static GradientFlowTable reference(List<GradientFlowRecord> records) {
    return of(records, REFERENCE_STATISTIC);
  }

  public List<String> layers() {
    return layers;
  }

  public List<Integer> epochs() {
    return epochs;
  }

  public boolean isEmpty() {
    return epochs.isEmpty() || layers.isEmpty();
  }

  /** The per-layer values of one recorded epoch, in network order. */
  public double[] valuesAt(int epoch) {
    int row = epochs.indexOf(epoch);
    if (row < 0) {
      throw new IllegalArgumentException("no gradient flow recorded for epoch " + epoch
          + "; recorded epochs: " + epochs);
    }
    return values[row].clone();
  }

  /** The display name of an epoch: "init" for the measurement before any update. */
  public static String epochName(int epoch) {
    return epoch < 0 ? "init" : "epoch " + epoch;
  }
}
