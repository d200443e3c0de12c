package dev.vgp.analysis;

import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads one epoch of a gradient flow (mean |dLoss/dW| per weight tensor, network order) and says
 * whether the gradient vanishes, explodes or flows.
 *
 * <p>Thresholds, checked against the reference figures (docs/report.md has the table):
 * <ul>
 *   <li>A layer <b>vanishes</b> when its value is below {@value #RELATIVE_VANISHING} times the
 *       largest layer's, or below {@value #ABSOLUTE_VANISHING} outright. Healthy VGG08 (epoch 99)
 *       spans 0.0094 to 0.135, a factor 14; VGG38 at epoch 0 has stage-2 convs at 6e-11 and the
 *       input conv near 1e-19 against 2e-4 at the logits, factors of 3e-6 and 1e-15. Four orders
 *       of magnitude sit well clear of both. The absolute bound is two orders below Adam's epsilon
 *       (1e-8): under it Adam's step is at most 1% of the learning rate, so the layer hardly moves
 *       whatever the other layers do; it catches a network whose every gradient collapsed.</li>
 *   <li>A layer <b>explodes</b> when its value is NaN or infinite, or above {@value #EXPLODING}: a
 *       mean absolute gradient above 1 for a cross-entropy loss near ln(100) = 4.6 means the
 *       updates are out of control (healthy layers in the reference read 0.01 to 0.14).</li>
 * </ul>
 *
 * <p>And from the update-to-weight ratio of a training epoch (|dW| / |W| of a step, mean over the
 * epoch; about 1e-3 is the rule of thumb for a healthy layer), a layer is <b>frozen</b> below
 * {@value #FROZEN} (it no longer moves: Adam's epsilon dwarfs its gradient) and <b>unstable</b>
 * above {@value #UNSTABLE} (a tenth of it changes at each step); both are named in the text
 * without changing the verdict.
 *
 * <p>At initialisation a layer whose gradient is exactly 0 where the prediction of
 * dev.vgp.theory says exactly 0 is <b>silent</b>: a zero-initialised weight after it (ReZero's
 * scalar, zero-gamma's gamma, Fixup's last conv) stops its gradient until that weight's first
 * update. It does not count as vanishing; elsewhere an exact 0 (an underflow) does.
 *
 * @param epoch the diagnosed epoch (-1: at initialisation)
 * @param firstToLastRatio the first layer's value over the last layer's (input conv over logits):
 *     about 5 for healthy VGG08, about 1e-15 for vanishing VGG38
 * @param firstVanishingLayer walking back from the output towards the input, the first layer that
 *     vanishes: where the gradient starts to vanish on its way back (the report names
 *     reduction_block_2_conv_0 for VGG38); null when none vanishes
 * @param vanishingLayers how many layers vanish
 * @param firstExplodingLayer in network order, the first exploding layer; null when none
 * @param silentLayers the silent layers, in network order
 * @param frozenLayers the frozen layers, in network order
 * @param unstableLayers the unstable layers, in network order
 */
public record GradientDiagnosis(
    int epoch,
    Verdict verdict,
    double firstToLastRatio,
    String firstVanishingLayer,
    int vanishingLayers,
    String firstExplodingLayer,
    int layers,
    List<String> silentLayers,
    List<String> frozenLayers,
    List<String> unstableLayers,
    String text) {

  public enum Verdict { VANISHING, HEALTHY, EXPLODING }

  public static final double RELATIVE_VANISHING = 1e-4;
  public static final double ABSOLUTE_VANISHING = 1e-10;
  public static final double EXPLODING = 1.0;
  public static final double FROZEN = 1e-6;
  public static final double UNSTABLE = 1e-1;

  /**
   * Diagnoses the reference statistic ({@link GradientFlowTable#REFERENCE_STATISTIC}) of one
   * recorded epoch, with its update ratios and, at initialisation, the prediction when recorded.
   *
   * @throws IllegalArgumentException when that epoch was not recorded
   */
  public static GradientDiagnosis diagnose(List<GradientFlowRecord> records, int epoch) {
    GradientFlowTable table = GradientFlowTable.reference(records);
    List<String> layers = table.layers();
    return diagnose(layers, table.valuesAt(epoch),
        alignedOrNull(records, GradientStatistic.UPDATE_RATIO, layers, epoch),
        alignedOrNull(records, GradientStatistic.PREDICTED_MEAN_ABS, layers, epoch), epoch);
  }

  /** Diagnoses per-layer values given in network order. */
  public static GradientDiagnosis diagnose(List<String> layers, double[] values, int epoch) {
    return diagnose(layers, values, null, null, epoch);
  }

  /**
   * Diagnoses per-layer values given in network order, with each layer's update ratio and its
   * predicted value (NaN where there is none; either array null when there are none).
   */
  public static GradientDiagnosis diagnose(List<String> layers, double[] values,
      double[] updateRatios, double[] predicted, int epoch) {
    if (layers.isEmpty() || layers.size() != values.length) {
      throw new IllegalArgumentException("need one value per layer, got " + values.length
          + " values for " + layers.size() + " layers");
    }
    List<String> silent = new ArrayList<>();
    String firstExploding = null;
    double explodingValue = Double.NaN;
    double largest = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == 0 && predicted != null && predicted[i] == 0) silent.add(layers.get(i));
      boolean explodes = !Double.isFinite(values[i]) || values[i] > EXPLODING;
      if (explodes && firstExploding == null) {
        firstExploding = layers.get(i);
        explodingValue = values[i];
      }
      if (Double.isFinite(values[i])) largest = Math.max(largest, values[i]);
    }
    double vanishingBelow = Math.max(RELATIVE_VANISHING * largest, ABSOLUTE_VANISHING);
    String firstVanishing = null;
    int vanishing = 0;
    for (int i = values.length - 1; i >= 0; i--) {
      if (Double.isFinite(values[i]) && values[i] < vanishingBelow
          && !silent.contains(layers.get(i))) {
        vanishing++;
        if (firstVanishing == null) firstVanishing = layers.get(i);
      }
    }
    List<String> frozen = new ArrayList<>();
    List<String> unstable = new ArrayList<>();
    for (int i = 0; updateRatios != null && i < updateRatios.length; i++) {
      if (updateRatios[i] < FROZEN) frozen.add(layers.get(i));
      if (updateRatios[i] > UNSTABLE) unstable.add(layers.get(i));
    }
    double ratio = values[0] / values[values.length - 1];
    Verdict verdict = firstExploding != null ? Verdict.EXPLODING
        : vanishing > 0 ? Verdict.VANISHING : Verdict.HEALTHY;
    String text = describe(verdict, epoch, ratio, firstVanishing, vanishing, vanishingBelow,
        firstExploding, explodingValue, values.length - silent.size())
        + silentText(silent) + updateText("Frozen", "below", FROZEN, frozen)
        + updateText("Unstable", "above", UNSTABLE, unstable);
    return new GradientDiagnosis(epoch, verdict, ratio, firstVanishing, vanishing,
        firstExploding, values.length, List.copyOf(silent), List.copyOf(frozen),
        List.copyOf(unstable), text);
  }

  /** One statistic of {@code epoch} per layer of {@code layers}, NaN where missing; null if none. */
  private static double[] alignedOrNull(List<GradientFlowRecord> records,
      GradientStatistic statistic, List<String> layers, int epoch) {
    double[] values = new double[layers.size()];
    Arrays.fill(values, Double.NaN);
    boolean any = false;
    for (GradientFlowRecord r : records) {
      int at = layers.indexOf(r.layer());
      if (r.epoch() == epoch && r.statistic() == statistic && at >= 0) {
        values[at] = r.value();
        any = true;
      }
    }
    return any ? values : null;
  }

  private static String silentText(List<String> silent) {
    if (silent.isEmpty()) return "";
    return String.format(Locale.ROOT, " %d %s exactly 0, as predicted: a zero-initialised weight"
            + " after %s (from %s on) holds back %s gradient until its first update.",
        silent.size(), silent.size() == 1 ? "layer gets" : "layers get",
        silent.size() == 1 ? "it" : "them", silent.get(0), silent.size() == 1 ? "its" : "their");
  }

  private static String updateText(String what, String side, double bound, List<String> layers) {
    if (layers.isEmpty()) return "";
    return String.format(Locale.ROOT, " %s (update/weight %s %s a step): %s.", what, side,
        Format.shortScientific(bound), String.join(", ", layers));
  }

  private static String describe(Verdict verdict, int epoch, double ratio, String firstVanishing,
      int vanishing, double vanishingBelow, String firstExploding, double explodingValue,
      int layers) {
    String when = epoch < 0 ? "At initialisation" : "At epoch " + epoch;
    String ratioText = "first/last layer ratio " + scientific(ratio);
    return switch (verdict) {
      case EXPLODING -> String.format(Locale.ROOT,
          "%s the gradient explodes: %s reads %s%s (%s).", when, firstExploding,
          scientific(explodingValue), Double.isFinite(explodingValue)
              ? ", above " + Format.fixed(EXPLODING, 0) : "", ratioText);
      case VANISHING -> String.format(Locale.ROOT,
          "%s the gradient vanishes from %s back towards the input: %d of %d layers get less "
              + "than %s (%s of the largest layer's, at least %s; %s).",
          when, firstVanishing, vanishing, layers, scientific(vanishingBelow),
          Format.shortScientific(RELATIVE_VANISHING), Format.shortScientific(ABSOLUTE_VANISHING),
          ratioText);
      case HEALTHY -> String.format(Locale.ROOT,
          "%s the gradient reaches every layer: all %d get at least %s (%s of the largest "
              + "layer's; %s).", when, layers, scientific(vanishingBelow),
          Format.shortScientific(RELATIVE_VANISHING), ratioText);
    };
  }

  /** Two significant digits in scientific notation, e.g. 4.8e+00, 1.0e-19; NaN stays NaN. */
  public static String scientific(double value) {
    if (!Double.isFinite(value)) return Double.toString(value);
    return String.format(Locale.ROOT, "%.1e", value);
  }
}
