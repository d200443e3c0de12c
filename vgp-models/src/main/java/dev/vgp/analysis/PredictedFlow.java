package dev.vgp.analysis;

import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gradient flow measured at initialisation beside the one predicted for it (both recorded at
 * epoch -1 of {@code gradient_flow.csv}), layer by layer, and where they part.
 *
 * @param layers the layers, in network order
 * @param measured mean |dLoss/dW| on the last measured batch
 * @param predicted mean |dLoss/dW| as predicted
 */
public record PredictedFlow(List<String> layers, double[] measured, double[] predicted) {

  /** Measured and predicted disagree when one is more than this many times the other. */
  public static final double DISAGREEMENT = 10;

  /** A layer whose measured value is more than {@link #DISAGREEMENT} times off the predicted. */
  public record Disagreement(String layer, double measured, double predicted) {

    /** Measured over predicted. */
    public double factor() {
      return measured / predicted;
    }
  }

  /** Both recorded at initialisation, or empty when either is missing. */
  public static Optional<PredictedFlow> of(List<GradientFlowRecord> records) {
    GradientFlowTable measured = GradientFlowTable.reference(records);
    GradientFlowTable predicted = GradientFlowTable.of(records,
        GradientStatistic.PREDICTED_MEAN_ABS);
    int init = -1;
    if (!measured.epochs().contains(init) || !predicted.epochs().contains(init)
        || !measured.layers().equals(predicted.layers())) {
      return Optional.empty();
    }
    return Optional.of(new PredictedFlow(measured.layers(), measured.valuesAt(init),
        predicted.valuesAt(init)));
  }

  /** The layers off by more than {@link #DISAGREEMENT} either way; exact zeros on both agree. */
  public List<Disagreement> disagreements() {
    List<Disagreement> off = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      double m = measured[i];
      double p = predicted[i];
      boolean agree = p == 0 ? m == 0 : m > p / DISAGREEMENT && m < p * DISAGREEMENT;
      if (!agree) off.add(new Disagreement(layers.get(i), m, p));
    }
    return off;
  }

  public double measuredFirstToLast() {
    return measured[0] / measured[measured.length - 1];
  }

  public double predictedFirstToLast() {
    return predicted[0] / predicted[predicted.length - 1];
  }

  /** One aligned line per layer: name, measured, predicted, measured over predicted. */
  public List<String> table() {
    int width = Math.max("layer".length(),
        layers.stream().mapToInt(String::length).max().orElse(0));
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-" + width + "s  %9s  %9s  %9s", "layer", "measured",
        "predicted", "ratio"));
    for (int i = 0; i < layers.size(); i++) {
      lines.add(String.format(Locale.ROOT, "%-" + width + "s  %9s  %9s  %9s", layers.get(i),
          GradientDiagnosis.scientific(measured[i]), GradientDiagnosis.scientific(predicted[i]),
          predicted[i] == 0 ? "" : GradientDiagnosis.scientific(measured[i] / predicted[i])));
    }
    return lines;
  }

  /** A sentence: the two first/last ratios and the layers where the two part by more than 10x. */
  public String summary() {
    List<Disagreement> off = disagreements();
    String ratios = String.format(Locale.ROOT, "Predicted first/last layer ratio at"
            + " initialisation %s, measured %s", GradientDiagnosis.scientific(predictedFirstToLast()),
        GradientDiagnosis.scientific(measuredFirstToLast()));
    if (off.isEmpty()) {
      return ratios + "; every layer within " + Format.fixed(DISAGREEMENT, 0)
          + "x of its prediction.";
    }
    List<String> named = off.stream().map(d -> String.format(Locale.ROOT, "%s (measured %s the"
        + " prediction)", d.layer(), d.predicted() == 0 ? "non-zero against 0 in"
        : GradientDiagnosis.scientific(d.factor()) + " times")).toList();
    return ratios + "; " + off.size() + " of " + layers.size() + " layers more than "
        + Format.fixed(DISAGREEMENT, 0) + "x off: " + String.join(", ", named) + ".";
  }
}
