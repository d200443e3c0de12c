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
import dev.vgp.files.Durations;
import dev.vgp.files.Sizes;
import dev.vgp.report.ReportModel.Cell;
import dev.vgp.report.ReportModel.DiagnosisRow;
import dev.vgp.report.ReportModel.EnvironmentRow;
import dev.vgp.report.ReportModel.TableRow;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResourceUse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Turns loaded results into the {@link ReportModel}: Table 1 beside the paper, Figures 1-7
 * ({@link StudyFigures}), the diagnosis and the environment.
 */
final class ReportModelBuilder {

  private final List<ExperimentResults> experiments;
  private final List<RunGroup> groups;
  private final ReferenceTable reference;
  private final List<DepthSweepRow> depthSweep;

  ReportModelBuilder(List<ExperimentResults> experiments, ReferenceTable reference,
      List<DepthSweepRow> depthSweep) {
    this.experiments = experiments;
    this.groups = RunGroup.of(experiments);
    this.reference = reference;
    this.depthSweep = depthSweep;
  }

  ReportModel build(ReportModel.BenchmarkTable benchmark,
      List<ExpectationRow> expectations) {
    return new ReportModel(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        groups.stream().map(this::tableRow).toList(),
        new StudyFigures(experiments, groups, depthSweep).draw(),
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
    GradientDiagnosis start = e.diagnosis(table.epochs().get(0));
    GradientDiagnosis end = e.diagnosis(lastEpoch(table));
    return new DiagnosisRow(label,
        start.verdict() + " (" + GradientFlowTable.epochName(start.epoch()) + ")",
        end.verdict() + " (" + GradientFlowTable.epochName(end.epoch()) + ")",
        GradientDiagnosis.scientific(end.firstToLastRatio()), end.text());
  }

  static int lastEpoch(GradientFlowTable table) {
    return table.epochs().get(table.epochs().size() - 1);
  }

  private static EnvironmentRow environmentRow(ExperimentResults e) {
    Optional<ExperimentRecord> record = e.record();
    ExperimentRecord.Environment env = record.map(ExperimentRecord::environment)
        .orElse(ExperimentRecord.Environment.NONE);
    ResourceUse cost = ResourceUse.ofRun(e.epochs());
    Duration wall = Duration.ofMillis(Math.round(1000
        * e.epochs().stream().mapToDouble(EpochMetrics::seconds).sum()));
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
        toSeconds(env.startedAt()), toSeconds(env.finishedAt()),
        e.epochs().isEmpty() ? "" : Durations.describe(wall),
        cost.cpuTime().map(Durations::describe).orElse(""), Sizes.describe(cost.peakRssBytes()),
        Sizes.describe(cost.peakHeapBytes()), Sizes.describe(cost.nativeBytes()),
        Sizes.describe(cost.tensorFlowBytes()), Sizes.describe(cost.gpuBytes()));
  }
}
