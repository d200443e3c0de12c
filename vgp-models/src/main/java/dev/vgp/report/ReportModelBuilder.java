package dev.vgp.report;

import dev.vgp.analysis.ExpectationRow;
import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.Format;
import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.analysis.Ranking;
import dev.vgp.analysis.ReferenceTable;
import dev.vgp.analysis.RunGroup;
import dev.vgp.analysis.RunLength;
import dev.vgp.analysis.StudyComparison;
import dev.vgp.data.DatasetKind;
import dev.vgp.report.Figure.Scale;
import dev.vgp.report.Figures.Metric;
import dev.vgp.report.ReportModel.Cell;
import dev.vgp.report.ReportModel.DiagnosisRow;
import dev.vgp.report.ReportModel.EnvironmentRow;
import dev.vgp.report.ReportModel.FigureView;
import dev.vgp.report.ReportModel.Panel;
import dev.vgp.report.ReportModel.TableRow;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.spec.ModelVariant;
import dev.vgp.spec.Settings;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns loaded results into the {@link ReportModel}: Table 1 beside the paper, Figures 1-7 of the
 * report chosen from what was run, the diagnosis and the environment.
 */
final class ReportModelBuilder {

  private final List<ExperimentResults> experiments;
  private final List<RunGroup> groups;
  private final ReferenceTable reference;

  ReportModelBuilder(List<ExperimentResults> experiments, ReferenceTable reference) {
    this.experiments = experiments;
    this.groups = RunGroup.of(experiments);
    this.reference = reference;
  }

  /** The runs' experiments, each with all its seeds, once each, in the order given. */
  private List<RunGroup> groupsOf(List<ExperimentResults> runs) {
    return groups.stream().filter(g -> g.runs().stream().anyMatch(runs::contains)).toList();
  }

  /** A figure chosen and described, its charts not drawn yet. */
  private record FigureSpec(int number, String caption, List<PanelSpec> panels, String missing) {}

  private record PanelSpec(String subcaption, Figure figure, Figure linear) {}

  ReportModel build(ReportModel.BenchmarkTable benchmark,
      List<ExpectationRow> expectations) {
    return new ReportModel(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        groups.stream().map(this::tableRow).toList(), draw(figures()),
        experiments.stream().map(ReportModelBuilder::diagnosisRow).toList(),
        StudyComparison.of(experiments).findings(),
        experiments.stream().map(ReportModelBuilder::environmentRow).toList(), benchmark,
        String.format(Locale.ROOT, "a layer vanishes when its gradient is below %s of the "
                + "largest layer's, or below %s outright; it explodes when NaN, infinite or "
                + "above %s", Format.shortScientific(GradientDiagnosis.RELATIVE_VANISHING),
            Format.shortScientific(GradientDiagnosis.ABSOLUTE_VANISHING),
            Format.fixed(GradientDiagnosis.EXPLODING, 0)), expectations,
        Ranking.of(groups, reference), smokeTest());
  }

  /**
   * The report's plain statement that its runs are a smoke test of the pipeline, when every run
   * trained too little to judge a finding about training ({@link RunLength}); "" otherwise.
   */
  private String smokeTest() {
    List<String> tooShort = experiments.stream().flatMap(e -> e.record().stream())
        .flatMap(r -> RunLength.tooShortToSay(r, RunLength.Need.TRAINING, null).stream())
        .toList();
    long recorded = experiments.stream().filter(e -> e.record().isPresent()).count();
    if (recorded == 0 || tooShort.size() < recorded) return "";
    return "These runs are a smoke test of the pipeline, not a reproduction: each "
        + tooShort.get(0) + ". They show that data, training, gradient flow and report work "
        + "end to end, and the gradient flow at initialisation is measured as in a full run; "
        + "their accuracies, Table 1's ordering and the findings about training say nothing "
        + "about the study, and are not judged.";
  }

  // ---- Table 1

  /** One row per experiment: over several seeds, each cell is mean ± sd of its runs. */
  private TableRow tableRow(RunGroup group) {
    ExperimentResults e = group.first();
    Optional<ExperimentRecord> record = e.record();
    // the paper's numbers are CIFAR-100's: another dataset's run is shown without them
    Optional<String> otherDataset = record.map(ExperimentRecord::dataset)
        .filter(dataset -> !dataset.equals(DatasetKind.CIFAR100.id()));
    Optional<ReferenceTable.Row> paper = otherDataset.isPresent() ? Optional.empty()
        : record.flatMap(r -> reference.find(r.label(), r.training().learningRate()));
    String unmatchedReason = paper.isPresent() ? ""
        : otherDataset.map(d -> "trained on " + d + "; the paper's table is CIFAR-100's")
            .orElse("not in the paper's table");
    int planned = record.map(r -> r.training().epochs()).orElse(0);
    String epochs = record.isEmpty() && e.epochs().isEmpty() ? ""
        : e.epochs().size() == planned ? Integer.toString(planned)
        : e.epochs().size() + " of " + (planned > 0 ? planned : "?");
    double[] tests = group.values(r -> r.test().map(t -> 100 * t.testAccuracy()));
    List<String> problems = group.size() == 1 ? e.problems() : group.runs().stream()
        .flatMap(r -> r.problems().stream().map(p -> r.id() + ": " + p)).toList();
    return new TableRow(e.id(), e.label(),
        e.learningRate().map(Format::shortScientific).orElse(""),
        record.map(r -> Format.thousands(r.parameters())).orElse(""),
        paper.map(ReferenceTable.Row::paramsReported).orElse(""),
        cell(group, EpochMetrics::trainLoss, paper.map(ReferenceTable.Row::trainLoss), false),
        cell(group, EpochMetrics::trainAccuracy,
            paper.map(ReferenceTable.Row::trainAccuracyPercent), true),
        cell(group, EpochMetrics::validationLoss, paper.map(ReferenceTable.Row::validationLoss),
            false),
        cell(group, EpochMetrics::validationAccuracy,
            paper.map(ReferenceTable.Row::validationAccuracyPercent), true),
        tests.length == 0 ? "" : Format.meanSd(tests, 2), epochs, group.size(), group.seeds(),
        paper.isPresent(), unmatchedReason, paper.map(ReferenceTable.Row::note).orElse(""),
        problems);
  }

  /**
   * Losses to three decimals; accuracies, recorded as fractions, as percentages to two decimals
   * like the paper's; over several seeds mean ± sd, the difference from the mean. The paper's own
   * value is shown as printed.
   */
  private static Cell cell(RunGroup group, ToDoubleFunction<EpochMetrics> metric,
      Optional<Double> paper, boolean accuracy) {
    double[] measured = group.values(r -> r.lastEpoch()
        .map(last -> metric.applyAsDouble(last) * (accuracy ? 100 : 1)));
    String paperText = paper.map(p -> paperValue(p, accuracy)).orElse("");
    if (measured.length == 0) return new Cell("", paperText, "");
    int decimals = accuracy ? 2 : 3;
    double mean = Arrays.stream(measured).average().orElseThrow();
    return new Cell(Format.meanSd(measured, decimals), paperText,
        paper.map(p -> Format.signed(mean - p, decimals)).orElse(""));
  }

  private static String paperValue(double value, boolean accuracy) {
    return accuracy ? Format.fixed(value, 2)
        : new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  // ---- Figures 1-7, numbered as in the report

  /**
   * Draws every chart, in parallel: drawing is most of a report's time (14 charts of up to 100
   * overlaid epochs) and the charts are independent.
   */
  private static List<FigureView> draw(List<FigureSpec> specs) {
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

  private List<FigureSpec> figures() {
    Optional<ExperimentResults> shallow = StudyComparison.best(experiments,
        ModelVariant.SHALLOW);
    Optional<ExperimentResults> deep = StudyComparison.best(experiments, ModelVariant.DEEP);
    Optional<ExperimentResults> best = StudyComparison.best(experiments.stream());
    List<FigureSpec> figures = new ArrayList<>();

    List<ExperimentResults> baseline = new ArrayList<>();
    shallow.ifPresent(baseline::add);
    deep.ifPresent(baseline::add);
    figures.add(baseline.isEmpty()
        ? missing(1, "Training curves for VGG08 and VGG38.", "no VGG08 or VGG38 run has epochs")
        : curves(1, "fig1", "Training curves for " + names(baseline) + ".", baseline));
    figures.add(gradientFlow(2, "fig2", shallow, "VGG08"));
    figures.add(gradientFlow(3, "fig3", deep, "VGG38"));
    figures.add(best.isEmpty()
        ? missing(4, "Training curves for the best model.", "no run has epochs")
        : curves(4, "fig4", "Training curves for the best model, "
            + bestDescription(best.get()) + ".", List.of(best.get())));
    figures.add(gradientFlow(5, "fig5", best, "the best model"));
    figures.add(learningRateComparison());
    figures.add(testAccuracy());
    return figures;
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

  private FigureSpec gradientFlow(int number, String id, Optional<ExperimentResults> run,
      String what) {
    String title = "Gradient flow on " + run.map(ExperimentResults::labelWithLearningRate)
        .orElse(what) + ".";
    if (run.isEmpty()) return missing(number, title, "no run of " + what + " among the results");
    GradientFlowTable table = run.get().referenceFlow();
    if (table.isEmpty()) return missing(number, title, "no gradient flow was recorded");
    String label = run.get().labelWithLearningRate();
    PanelSpec panel = new PanelSpec(null, Figures.gradientFlow(id, label, table, Scale.LOG),
        Figures.gradientFlow(id + "-linear", label, table, Scale.LINEAR));
    String caption = title + " Mean |dLoss/dW| per weight tensor on the last training batch of "
        + "each epoch, on a log scale (the reference's linear scale alongside). "
        + diagnose(table, lastEpoch(table)).text() + " " + runDescriptions(List.of(run.get()));
    return new FigureSpec(number, caption, List.of(panel), null);
  }

  /** Figure 6: a VGG38 variant run at two or more learning rates, BN + RC preferred. */
  private FigureSpec learningRateComparison() {
    String title = "Loss curves for VGG38 at two learning rates.";
    List<ModelVariant> preference = List.of(ModelVariant.DEEP_BN_RC, ModelVariant.DEEP_BN,
        ModelVariant.DEEP_RC, ModelVariant.DEEP);
    for (ModelVariant variant : preference) {
      Map<Double, ExperimentResults> byRate = new LinkedHashMap<>();
      experiments.stream()
          .filter(e -> e.record().isPresent() && !e.epochs().isEmpty())
          .filter(e -> ModelVariant.of(e.record().get().model()) == variant)
          .sorted(Comparator.comparingDouble(
              (ExperimentResults e) -> e.record().get().training().learningRate()).reversed())
          .forEach(e -> byRate.putIfAbsent(e.record().get().training().learningRate(), e));
      if (byRate.size() < 2) continue;
      List<ExperimentResults> runs = List.copyOf(byRate.values());
      String rates = runs.stream()
          .map(e -> Format.shortScientific(e.record().get().training().learningRate()))
          .collect(Collectors.joining(", "));
      Figure loss = Figures.trainingCurves("fig6", "Loss per epoch", Metric.LOSS,
          groupsOf(runs));
      return new FigureSpec(6, "Loss curves for " + variant.studyName() + " with LR (" + rates
          + "). Train solid, validation dashed. " + runDescriptions(runs),
          List.of(new PanelSpec(null, loss, null)), null);
    }
    return missing(6, title, "no VGG38 variant was run at two learning rates");
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

  static String csvName(Figure figure) {
    return ReportGenerator.FIGURE_DATA + "/" + figure.id() + ".dat";
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
    return runs.stream().map(ReportModelBuilder::runDescription)
        .collect(Collectors.joining(" "));
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

  /** Training settings that {@link #runDescription} words itself; any other is listed by name. */
  private static final Set<String> IN_RUN_DESCRIPTION =
      Set.of("learningRate", "epochs", "batchSize", "trainLimit", "evalLimit", "seed");

  private static String trainingImages(ExperimentRecord r) {
    int limit = r.training().trainLimit();
    int evalLimit = r.training().evalLimit();
    return (limit == 0 ? "all training images" : "the first " + Format.thousands(limit)
        + " training images")
        + (evalLimit == 0 ? "" : ", validated and tested on the first "
            + Format.thousands(evalLimit) + " images of each set");
  }

  /** The image limits in a table cell's width: "all", or "1,000 train, 500 eval". */
  private static String imageLimits(ExperimentRecord r) {
    int train = r.training().trainLimit();
    int eval = r.training().evalLimit();
    if (train == 0 && eval == 0) return "all";
    return (train == 0 ? "all" : Format.thousands(train)) + " train, "
        + (eval == 0 ? "all" : Format.thousands(eval)) + " eval";
  }

  /** Timestamps to the second: nanoseconds only widen the environment table. */
  private static String toSeconds(Optional<Instant> time) {
    return time.map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("");
  }

  // ---- Diagnosis and environment

  private static DiagnosisRow diagnosisRow(ExperimentResults e) {
    GradientFlowTable table = e.referenceFlow();
    String label = e.labelWithLearningRate();
    if (table.isEmpty()) return new DiagnosisRow(label, "", "", "", "No gradient flow recorded.");
    GradientDiagnosis start = diagnose(table, table.epochs().get(0));
    GradientDiagnosis end = diagnose(table, lastEpoch(table));
    return new DiagnosisRow(label,
        start.verdict() + " (" + GradientFlowTable.epochName(start.epoch()) + ")",
        end.verdict() + " (" + GradientFlowTable.epochName(end.epoch()) + ")",
        GradientDiagnosis.scientific(end.firstToLastRatio()), end.text());
  }

  private static GradientDiagnosis diagnose(GradientFlowTable table, int epoch) {
    return GradientDiagnosis.diagnose(table.layers(), table.valuesAt(epoch), epoch);
  }

  private static int lastEpoch(GradientFlowTable table) {
    return table.epochs().get(table.epochs().size() - 1);
  }

  private static EnvironmentRow environmentRow(ExperimentResults e) {
    Optional<ExperimentRecord> record = e.record();
    ExperimentRecord.Environment env = record.map(ExperimentRecord::environment)
        .orElse(ExperimentRecord.Environment.NONE);
    return new EnvironmentRow(e.id(), e.label(),
        record.map(r -> r.status().toString()).orElse("missing"),
        record.map(ExperimentRecord::fingerprint).orElse(""),
        record.map(r -> Long.toString(r.training().seed())).orElse(""),
        record.map(r -> Integer.toString(r.training().epochs())).orElse(""),
        record.map(ReportModelBuilder::imageLimits).orElse(""),
        record.map(ExperimentRecord::dataset).orElse(""),
        record.map(ExperimentRecord::dataChecksum).orElse(""),
        env.device().orElse(""), env.javaVersion().orElse(""),
        env.tensorflowVersion().orElse(""),
        record.map(ExperimentRecord::vgpVersion).orElse(""),
        toSeconds(env.startedAt()), toSeconds(env.finishedAt()));
  }
}
