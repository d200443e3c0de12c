package dev.vgp.report;

import dev.vgp.analysis.CriticalDepths;
import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.analysis.Format;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.analysis.RunGroup;
import dev.vgp.analysis.StudyComparison;
import dev.vgp.report.Figure.Scale;
import dev.vgp.report.Figures.Metric;
import dev.vgp.report.ReportModel.FigureView;
import dev.vgp.report.ReportModel.Panel;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Figures 1-7 of the report, numbered as in the paper, chosen from the declared experiments by
 * what their models are, never from a fixed list of kinds: a model is its specification, and the
 * paper's baselines (VGG08 and VGG38) are the models without a cure ({@link ModelSpec#cures()}).
 * A declared model of another depth or with another cure so takes its place in the figures
 * without a change here.
 *
 * <ol>
 *   <li>training curves of the models without a cure, shallow to deep;
 *   <li>gradient flow of the shallowest of them;
 *   <li>gradient flow of the deeper ones, a panel each;
 *   <li>and 5. training curves and gradient flow of the best run;
 *   <li value="6">loss curves of a model run at two or more learning rates, the one with the most
 *       cures (then the deepest, then the best run) when several were;
 *   <li>test accuracy of every experiment;
 *   <li>when {@code vgp:depth-sweep} was run, the first/last layer ratio at initialisation
 *       against depth.
 * </ol>
 */
final class StudyFigures {

  /** Training settings that {@link #runDescription} words itself; any other is listed by name. */
  private static final Set<String> IN_RUN_DESCRIPTION =
      Set.of("learningRate", "epochs", "batchSize", "trainLimit", "evalLimit", "seed");

  private final List<ExperimentResults> experiments;
  private final List<RunGroup> groups;
  private final List<DepthSweepRow> depthSweep;

  /** @param depthSweep a depth sweep's rows, drawn as Figure 8; none when none was run */
  StudyFigures(List<ExperimentResults> experiments, List<RunGroup> groups,
      List<DepthSweepRow> depthSweep) {
    this.experiments = experiments;
    this.groups = groups;
    this.depthSweep = depthSweep;
  }

  /** A figure chosen and described, its charts not drawn yet. */
  private record FigureSpec(int number, String caption, List<PanelSpec> panels, String missing) {}

  private record PanelSpec(String subcaption, Figure figure, Figure linear) {}

  /**
   * Chooses and draws every figure, the charts in parallel: drawing is most of a report's time
   * (14 charts of up to 100 overlaid epochs) and the charts are independent.
   */
  List<FigureView> draw() {
    List<FigureSpec> specs = choose();
    Map<String, String> svgById = specs.stream()
        .flatMap(spec -> spec.panels().stream())
        .flatMap(panel -> Stream.of(panel.figure(), panel.linear()))
        .filter(Objects::nonNull)
        .toList().parallelStream()
        .collect(Collectors.toConcurrentMap(Figure::id, Charts::svg));
    return specs.stream().map(spec -> new FigureView(spec.number(), spec.caption(),
        spec.panels().stream().map(p -> new Panel(p.subcaption(), p.figure(),
            svgById.get(p.figure().id()), csvName(p.figure()), p.linear(),
            p.linear() == null ? null : svgById.get(p.linear().id()),
            p.linear() == null ? null : csvName(p.linear()))).toList(),
        spec.missing())).toList();
  }

  static String csvName(Figure figure) {
    return ReportGenerator.FIGURE_DATA + "/" + figure.id() + ".dat";
  }

  private List<FigureSpec> choose() {
    List<ExperimentResults> baselines = bestRunOfEachModel().stream()
        .filter(run -> model(run).cures().isEmpty())
        .sorted(Comparator.comparingInt(run -> model(run).layout().weightLayers()))
        .toList();
    Optional<ExperimentResults> best = StudyComparison.best(experiments.stream());
    List<FigureSpec> figures = new ArrayList<>();
    figures.add(baselines.isEmpty()
        ? missing(1, "Training curves for the models without a cure.",
            "no run of a model without a cure has epochs")
        : curves(1, "fig1", "Training curves for " + names(baselines) + ".", baselines));
    figures.add(gradientFlow(2, "fig2", baselines.stream().limit(1).toList(),
        "a model without a cure"));
    figures.add(gradientFlow(3, "fig3", baselines.stream().skip(1).toList(),
        "a model without a cure deeper than the one of Figure 2"));
    figures.add(best.isEmpty()
        ? missing(4, "Training curves for the best model.", "no run has epochs")
        : curves(4, "fig4", "Training curves for the best model, "
            + bestDescription(best.get()) + ".", List.of(best.get())));
    figures.add(gradientFlow(5, "fig5", best.stream().toList(), "the best model"));
    figures.add(learningRateComparison());
    figures.add(testAccuracy());
    if (!depthSweep.isEmpty()) figures.add(depthSweep());
    return figures;
  }

  /**
   * Figure 8, beyond the paper's: the first/last layer ratio at initialisation against depth, a
   * panel per initialisation, with each variant's critical depth in the caption.
   */
  private FigureSpec depthSweep() {
    List<PanelSpec> panels = new ArrayList<>();
    List<Initialization> inits = depthSweep.stream().map(DepthSweepRow::initialization)
        .distinct().toList();
    for (Initialization init : inits) {
      panels.add(new PanelSpec(inits.size() == 1 ? null : "(" + (char) ('a' + panels.size())
          + ") " + Settings.text(init), Figures.depthSweep("fig8-" + Settings.text(init), init,
              depthSweep), null));
    }
    String critical = CriticalDepths.of(depthSweep).stream()
        .map(d -> d.variant() + " (" + Settings.text(d.initialization()) + "): " + d.text())
        .collect(Collectors.joining("; "));
    return new FigureSpec(8, "The first/last layer gradient ratio at initialisation against"
        + " depth (" + depthSweep.size() + " models of " + DepthSweepRow.CSV + ", measured by"
        + " vgp:depth-sweep). Critical depth, the fewest weight layers whose ratio is below "
        + GradientDiagnosis.scientific(GradientDiagnosis.RELATIVE_VANISHING) + ": " + critical
        + ".", panels, null);
  }

  /** Per model, in the order its runs come, the run with the best validation accuracy. */
  private List<ExperimentResults> bestRunOfEachModel() {
    return experiments.stream().flatMap(e -> e.record().stream()).map(ExperimentRecord::model)
        .distinct()
        .flatMap(model -> StudyComparison.best(runsOf(model)).stream())
        .toList();
  }

  private Stream<ExperimentResults> runsOf(ModelSpec model) {
    return experiments.stream()
        .filter(e -> e.record().map(r -> r.model().equals(model)).orElse(false));
  }

  private static ModelSpec model(ExperimentResults run) {
    return run.record().orElseThrow().model();
  }

  /** The runs' experiments, each with all its seeds, once each, in the order given. */
  private List<RunGroup> groupsOf(List<ExperimentResults> runs) {
    return groups.stream().filter(g -> g.runs().stream().anyMatch(runs::contains)).toList();
  }

  private FigureSpec curves(int number, String id, String caption,
      List<ExperimentResults> runs) {
    List<PanelSpec> panels = List.of(
        new PanelSpec("(a) Loss per epoch", Figures.trainingCurves(id + "a", "Loss per epoch",
            Metric.LOSS, groupsOf(runs)), null),
        new PanelSpec("(b) Accuracy per epoch", Figures.trainingCurves(id + "b",
            "Accuracy per epoch", Metric.ACCURACY, groupsOf(runs)), null));
    return new FigureSpec(number, caption + " Train solid, validation dashed. "
        + runDescriptions(runs), panels, null);
  }

  /** The gradient flow of each run, a panel each, on a log scale and the reference's linear. */
  private FigureSpec gradientFlow(int number, String id, List<ExperimentResults> runs,
      String what) {
    if (runs.isEmpty()) {
      return missing(number, "Gradient flow on " + what + ".",
          "no run of " + what + " among the results");
    }
    String title = "Gradient flow on " + runs.stream()
        .map(ExperimentResults::labelWithLearningRate).collect(Collectors.joining(" and ")) + ".";
    List<PanelSpec> panels = new ArrayList<>();
    List<String> diagnoses = new ArrayList<>();
    for (ExperimentResults run : runs) {
      GradientFlowTable table = run.referenceFlow();
      if (table.isEmpty()) return missing(number, title, "no gradient flow was recorded");
      GradientFlowTable predicted = run.flow(GradientStatistic.PREDICTED_MEAN_ABS);
      String label = run.labelWithLearningRate();
      String panelId = id + (runs.size() == 1 ? "" : "-" + (char) ('a' + panels.size()));
      panels.add(new PanelSpec(runs.size() == 1 ? null : label,
          Figures.gradientFlow(panelId, label, table, predicted, Scale.LOG),
          Figures.gradientFlow(panelId + "-linear", label, table, predicted, Scale.LINEAR)));
      String diagnosis = run.diagnosis(ReportModelBuilder.lastEpoch(table)).text();
      diagnoses.add(runs.size() == 1 ? diagnosis : label + ": " + diagnosis);
    }
    String caption = title + " Mean |dLoss/dW| per weight tensor on the last training batch of "
        + "each epoch, on a log scale (the reference's linear scale alongside). "
        + String.join(" ", diagnoses) + " " + runDescriptions(runs);
    return new FigureSpec(number, caption, panels, null);
  }

  /**
   * Figure 6: the loss curves of a model run at two or more learning rates; of several such, the
   * one with the most cures, then the deepest, then the one with the best run (the paper's: VGG38
   * BN + RC).
   */
  private FigureSpec learningRateComparison() {
    Comparator<List<ExperimentResults>> preference = Comparator
        .comparingInt((List<ExperimentResults> runs) -> model(runs.get(0)).cures().size())
        .thenComparingInt(runs -> model(runs.get(0)).layout().weightLayers())
        .thenComparingDouble(runs -> runs.stream()
            .mapToDouble(e -> e.bestValidationAccuracy().orElse(0)).max().orElse(0));
    Optional<List<ExperimentResults>> chosen = experiments.stream()
        .flatMap(e -> e.record().stream()).map(ExperimentRecord::model).distinct()
        .map(this::oneRunPerLearningRate)
        .filter(runs -> runs.size() >= 2)
        .max(preference);
    if (chosen.isEmpty()) {
      return missing(6, "Loss curves for a model at two learning rates.",
          "no model was run at two learning rates");
    }
    List<ExperimentResults> runs = chosen.get();
    String rates = runs.stream()
        .map(e -> Format.shortScientific(e.record().get().training().learningRate()))
        .collect(Collectors.joining(", "));
    Figure loss = Figures.trainingCurves("fig6", "Loss per epoch", Metric.LOSS, groupsOf(runs));
    return new FigureSpec(6, "Loss curves for " + model(runs.get(0)).studyName() + " with LR ("
        + rates + "). Train solid, validation dashed. " + runDescriptions(runs),
        List.of(new PanelSpec(null, loss, null)), null);
  }

  /** The runs of {@code model} that have epochs, the first of each learning rate, highest first. */
  private List<ExperimentResults> oneRunPerLearningRate(ModelSpec model) {
    Map<Double, ExperimentResults> byRate = new LinkedHashMap<>();
    runsOf(model).filter(e -> !e.epochs().isEmpty())
        .sorted(Comparator.comparingDouble(
            (ExperimentResults e) -> e.record().get().training().learningRate()).reversed())
        .forEach(e -> byRate.putIfAbsent(e.record().get().training().learningRate(), e));
    return List.copyOf(byRate.values());
  }

  private FigureSpec testAccuracy() {
    Figure bars = Figures.testAccuracy("fig7", groups);
    String caption = "Comparison of test accuracies for the experiments, each with the weights "
        + "of its best validation epoch.";
    if (bars.categories().isEmpty()) {
      return missing(7, caption, "no run has test results yet");
    }
    return new FigureSpec(7, caption, List.of(new PanelSpec(null, bars, null)), null);
  }

  private static FigureSpec missing(int number, String caption, String why) {
    return new FigureSpec(number, caption, List.of(), why);
  }

  private static String names(List<ExperimentResults> runs) {
    return String.join(" and ", Figures.distinctNames(runs));
  }

  private static String bestDescription(ExperimentResults best) {
    EpochMetrics epoch = best.bestEpoch().orElseThrow();
    return String.format(Locale.ROOT, "%s (best validation accuracy %s%% at epoch %d)",
        best.labelWithLearningRate(), Format.percent(epoch.validationAccuracy()), epoch.epoch());
  }

  /** What was run, for captions: "VGG08: lr 1e-3, 100 epochs, batch 100, ..., seed 0." */
  static String runDescriptions(List<ExperimentResults> runs) {
    return runs.stream().map(StudyFigures::runDescription).collect(Collectors.joining(" "));
  }

  private static String runDescription(ExperimentResults e) {
    if (e.record().isEmpty()) return e.label() + ": configuration unknown (no experiment.json).";
    ExperimentRecord r = e.record().get();
    int planned = r.training().epochs();
    String epochs = e.epochs().size() == planned ? planned + " epochs"
        : e.epochs().size() + " of " + planned + " epochs";
    Map<String, String> otherSettings = Settings.changedFromReference(r.training());
    otherSettings.keySet().removeAll(IN_RUN_DESCRIPTION);
    return String.format(Locale.ROOT, "%s: lr %s, %s, batch %d, %s, seed %d%s.",
        e.labelWithLearningRate(), Format.shortScientific(r.training().learningRate()), epochs,
        r.training().batchSize(), trainingImages(r), r.training().seed(),
        otherSettings.entrySet().stream().map(s -> ", " + s.getKey() + " " + s.getValue())
            .collect(Collectors.joining()));
  }

  private static String trainingImages(ExperimentRecord r) {
    int limit = r.training().trainLimit();
    int evalLimit = r.training().evalLimit();
    return (limit == 0 ? "all training images" : "the first " + Format.thousands(limit)
        + " training images")
        + (evalLimit == 0 ? "" : ", validated and tested on the first "
            + Format.thousands(evalLimit) + " images of each set");
  }
}
