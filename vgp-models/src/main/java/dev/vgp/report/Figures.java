package dev.vgp.report;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.analysis.RunGroup;
import dev.vgp.report.Figure.Kind;
import dev.vgp.report.Figure.Marker;
import dev.vgp.report.Figure.Scale;
import dev.vgp.report.Figure.Series;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.results.EpochMetrics;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.Settings;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Builds the study's figures from recorded results: gradient flow, training curves, test bars. */
public final class Figures {

  /** Tableau's ten colours: distinct for up to ten experiments, readable in print. */
  private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14),
      new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189),
      new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
      new Color(188, 189, 34), new Color(23, 190, 207)};

  /** Viridis anchors, stopping short of its pale yellow end, which vanishes on white paper. */
  private static final Color[] EPOCH_RAMP = {new Color(68, 1, 84), new Color(59, 82, 139),
      new Color(33, 145, 140), new Color(94, 201, 98), new Color(190, 208, 40)};

  /** With more epochs than this, the legend shows a sample of them. */
  private static final int LEGEND_EPOCHS = 6;

  /** What a training-curve figure plots. */
  public enum Metric {
    LOSS("Loss", EpochMetrics::trainLoss, EpochMetrics::validationLoss),
    ACCURACY("Accuracy (%)", m -> 100 * m.trainAccuracy(), m -> 100 * m.validationAccuracy());

    final String axisLabel;
    final ToDoubleFunction<EpochMetrics> train;
    final ToDoubleFunction<EpochMetrics> validation;

    Metric(String axisLabel, ToDoubleFunction<EpochMetrics> train,
        ToDoubleFunction<EpochMetrics> validation) {
      this.axisLabel = axisLabel;
      this.train = train;
      this.validation = validation;
    }
  }

  private Figures() {}

  /**
   * The reference's gradient-flow plot: layers on the x axis in network order, mean |dLoss/dW|
   * on the y axis, one line per recorded epoch, coloured from the first epoch (dark) to the last
   * (light); and dashed in the first colour the prediction at initialisation, when recorded.
   */
  public static Figure gradientFlow(String id, String experimentLabel, GradientFlowTable table,
      GradientFlowTable predicted, Scale scale) {
    String scaleName = scale == Scale.LOG ? "log scale" : "linear scale, as the reference plots";
    List<String> notes = new ArrayList<>();
    if (!predicted.isEmpty()) {
      notes.add("Dashed: the gradient flow at initialisation as mean-field propagation predicts"
          + " it from the model's specification and the data's pixel statistics.");
    }
    return layerProfile(id, "Gradient flow", experimentLabel + " (" + scaleName + ")",
        "Average Gradient", table, predicted, List.of(), notes, scale);
  }

  /**
   * The update-to-weight ratio per layer, |dW| / |W| of a step averaged over each epoch, one
   * line per epoch as the gradient flow, on a log scale, with the bounds below which a layer is
   * frozen and above which it is unstable.
   */
  public static Figure updateRatio(String id, String experimentLabel, GradientFlowTable table) {
    List<Marker> bounds = List.of(
        new Marker(GradientDiagnosis.UNSTABLE, "unstable above "
            + GradientDiagnosis.scientific(GradientDiagnosis.UNSTABLE)),
        new Marker(GradientDiagnosis.FROZEN, "frozen below "
            + GradientDiagnosis.scientific(GradientDiagnosis.FROZEN)));
    return layerProfile(id, "Update-to-weight ratio", experimentLabel + " (log scale)",
        "|dW| / |W| per step, epoch mean", table, GradientFlowTable.empty(), bounds,
        List.of(), Scale.LOG);
  }

  /** Layers on the x axis, one line per epoch of {@code table}, the prediction dashed. */
  private static Figure layerProfile(String id, String title, String subtitle, String yLabel,
      GradientFlowTable table, GradientFlowTable predicted, List<Marker> markers,
      List<String> notes, Scale scale) {
    List<Integer> epochs = table.epochs();
    double[] layerPositions = new double[table.layers().size()];
    for (int i = 0; i < layerPositions.length; i++) layerPositions[i] = i;
    List<Series> series = new ArrayList<>();
    for (int e = 0; e < epochs.size(); e++) {
      double position = epochs.size() == 1 ? 0 : (double) e / (epochs.size() - 1);
      boolean inLegend = epochs.size() <= LEGEND_EPOCHS
          || e % Math.max(1, (epochs.size() - 1) / (LEGEND_EPOCHS - 1)) == 0
          || e == epochs.size() - 1;
      series.add(new Series(GradientFlowTable.epochName(epochs.get(e)), layerPositions,
          table.valuesAt(epochs.get(e)), ramp(position), false, inLegend));
    }
    for (int epoch : predicted.epochs()) {
      double[] values = new double[table.layers().size()];
      double[] atEpoch = predicted.valuesAt(epoch);
      for (int i = 0; i < values.length; i++) {
        int at = predicted.layers().indexOf(table.layers().get(i));
        values[i] = at < 0 ? Double.NaN : atEpoch[at];
      }
      series.add(new Series(GradientFlowTable.epochName(epoch) + ", predicted", layerPositions,
          values, ramp(0), true, true));
    }
    List<String> allNotes = new ArrayList<>();
    allNotes.add("One line per recorded epoch, dark (first) to light (last)"
        + (epochs.size() > LEGEND_EPOCHS ? "; the legend names a sample." : "."));
    allNotes.addAll(notes);
    Figure figure = new Figure(id, title, subtitle, "Layers", yLabel, Kind.LINES, scale,
        table.layers(), series, markers, allNotes);
    return markOutOfRange(figure);
  }

  /**
   * Loss or accuracy per epoch, train (solid) and validation (dashed), one colour per experiment
   * and one line per seed of it (the legend names the experiment once, with its seed count).
   * Experiments that share a label are told apart by their learning rate.
   */
  public static Figure trainingCurves(String id, String title, Metric metric,
      List<RunGroup> experiments) {
    List<String> names = distinctNames(experiments.stream().map(RunGroup::first).toList());
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < experiments.size(); i++) {
      RunGroup group = experiments.get(i);
      Color color = PALETTE[i % PALETTE.length];
      String name = names.get(i) + (group.size() > 1 ? " (" + group.size() + " seeds)" : "");
      boolean named = false;
      for (ExperimentResults run : group.runs()) {
        List<EpochMetrics> epochs = run.epochs();
        if (epochs.isEmpty()) continue;
        double[] x = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
        String seed = group.size() > 1 ? " seed " + run.record().map(r -> r.training().seed())
            .orElse(0L) : "";
        series.add(new Series(name + " train" + seed, x,
            epochs.stream().mapToDouble(metric.train).toArray(), color, false, !named));
        series.add(new Series(name + " val" + seed, x,
            epochs.stream().mapToDouble(metric.validation).toArray(), color, true, !named));
        named = true;
      }
    }
    Figure figure = new Figure(id, title, null, "Epoch", metric.axisLabel, Kind.LINES,
        Scale.LINEAR, List.of(), series, List.of(), List.of());
    return markOutOfRange(figure);
  }

  /**
   * The first/last layer gradient ratio at initialisation against depth (weight layers) for one
   * initialisation: one colour per variant, measured solid, predicted dashed, on a log scale,
   * with the vanishing threshold.
   */
  public static Figure depthSweep(String id, Initialization initialization,
      List<DepthSweepRow> sweep) {
    List<String> variants = sweep.stream().map(DepthSweepRow::variant).distinct().toList();
    List<Series> series = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      String variant = variants.get(v);
      List<DepthSweepRow> rows = sweep.stream()
          .filter(r -> r.variant().equals(variant) && r.initialization() == initialization)
          .sorted(java.util.Comparator.comparingInt(DepthSweepRow::weightLayers)).toList();
      if (rows.isEmpty()) continue;
      double[] depth = rows.stream().mapToDouble(DepthSweepRow::weightLayers).toArray();
      Color color = PALETTE[v % PALETTE.length];
      series.add(new Series(variant, depth,
          rows.stream().mapToDouble(DepthSweepRow::measuredRatio).toArray(), color, false, true));
      series.add(new Series(variant + ", predicted", depth,
          rows.stream().mapToDouble(DepthSweepRow::predictedRatio).toArray(), color, true,
          false));
    }
    List<Marker> threshold = List.of(new Marker(GradientDiagnosis.RELATIVE_VANISHING,
        "vanishing below " + GradientDiagnosis.scientific(GradientDiagnosis.RELATIVE_VANISHING)));
    Figure figure = new Figure(id, "First/last layer gradient at initialisation",
        Settings.text(initialization) + " initialisation", "Weight layers",
        "First/last layer ratio", Kind.LINES, Scale.LOG, List.of(), series, threshold,
        List.of("Measured solid, predicted dashed, one colour per variant."));
    return markOutOfRange(figure);
  }

  /** Test accuracy of every experiment that has one (the mean over its seeds), in order. */
  public static Figure testAccuracy(String id, List<RunGroup> experiments) {
    List<String> names = distinctNames(experiments.stream().map(RunGroup::first).toList());
    List<String> categories = new ArrayList<>();
    List<Double> accuracies = new ArrayList<>();
    for (int i = 0; i < experiments.size(); i++) {
      var test = experiments.get(i).mean(r -> r.test().map(t -> t.testAccuracy()));
      if (test.isEmpty()) continue;
      categories.add(names.get(i));
      accuracies.add(100 * test.get());
    }
    double[] x = new double[categories.size()];
    for (int i = 0; i < x.length; i++) x[i] = i;
    double[] y = accuracies.stream().mapToDouble(Double::doubleValue).toArray();
    Series bars = new Series("Test accuracy", x, y, PALETTE[0], false, false);
    Figure figure = new Figure(id, "Test accuracy", null, "Experiment", "Test accuracy (%)",
        Kind.BARS, Scale.LINEAR, categories, List.of(bars), List.of(), List.of());
    return markOutOfRange(figure);
  }

  /** Labels, with the learning rate added where two experiments share a label. */
  static List<String> distinctNames(List<ExperimentResults> experiments) {
    Map<String, Integer> counts = new HashMap<>();
    experiments.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
    return experiments.stream()
        .map(e -> counts.get(e.label()) > 1 ? e.labelWithLearningRate() : e.label())
        .toList();
  }

  /**
   * Values an axis cannot show (NaN, infinities, and on a log axis zero and below) are drawn on a
   * dashed line just outside the data, labelled, and counted in a note, rather than dropped: a
   * gradient of exactly 0 or NaN is the finding, not noise.
   */
  static Figure markOutOfRange(Figure figure) {
    boolean log = figure.logScale();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : figure.series()) {
      for (double v : s.y()) {
        if (Double.isFinite(v) && (!log || v > 0)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (min > max) { // nothing drawable at all
      min = log ? 1e-1 : 0;
      max = 1;
    }
    double floor = log ? Math.pow(10, Math.floor(Math.log10(min)) - 1) : Double.NaN;
    double top = log ? Math.pow(10, Math.ceil(Math.log10(max)) + 1)
        : max + 0.1 * Math.max(max - Math.min(min, 0), Math.abs(max));
    int belowAxis = 0;
    int nonFinite = 0;
    List<Series> series = new ArrayList<>();
    for (Series s : figure.series()) {
      double[] y = s.y().clone();
      for (int i = 0; i < y.length; i++) {
        if (!Double.isFinite(y[i])) {
          y[i] = top;
          nonFinite++;
        } else if (log && y[i] <= 0) {
          y[i] = floor;
          belowAxis++;
        }
      }
      series.add(new Series(s.name(), s.x(), y, s.color(), s.dashed(), s.inLegend()));
    }
    List<Marker> markers = new ArrayList<>(figure.markers());
    List<String> notes = new ArrayList<>(figure.notes());
    if (belowAxis > 0) {
      String at = GradientDiagnosis.scientific(floor);
      markers.add(new Marker(floor, "0 drawn at " + at));
      notes.add(belowAxis + " value(s) of exactly 0, which a log axis cannot show, are drawn on "
          + "the dashed line at " + at + ".");
    }
    if (nonFinite > 0) {
      String at = GradientDiagnosis.scientific(top);
      markers.add(new Marker(top, "NaN/Inf drawn at " + at));
      notes.add(nonFinite + " non-finite value(s) (NaN or infinity: exploding) are drawn on the "
          + "dashed line at " + at + ".");
    }
    return new Figure(figure.id(), figure.title(), figure.subtitle(), figure.xLabel(),
        figure.yLabel(), figure.kind(), figure.yScale(), figure.categories(), series, markers,
        notes);
  }

  /** A colour along {@link #EPOCH_RAMP}, position 0 (first epoch) to 1 (last). */
  static Color ramp(double position) {
    double scaled = Math.max(0, Math.min(1, position)) * (EPOCH_RAMP.length - 1);
    int low = Math.min((int) scaled, EPOCH_RAMP.length - 2);
    double t = scaled - low;
    Color a = EPOCH_RAMP[low];
    Color b = EPOCH_RAMP[low + 1];
    return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
  }
}
