package dev.vgp.report;

import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.analysis.PredictedFlow;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One experiment's recorded gradient flow, plotted (log and linear scale, SVG and PNG, into
 * {@code <results>/plots/}) and diagnosed at the epochs that tell the story: at initialisation
 * when measured, after the first epoch and after the last; and at initialisation beside its
 * prediction when one was recorded.
 */
public record GradientFlowReview(List<Path> plots, List<GradientDiagnosis> diagnoses,
    Optional<PredictedFlow> predicted) {

  public static final String PLOTS = "plots";

  /** The review of the gradient flow in {@code results}; empty when none was recorded. */
  public static Optional<GradientFlowReview> of(ResultsDirectory results) {
    var records = results.readGradientFlow();
    GradientFlowTable table = GradientFlowTable.reference(records);
    if (table.isEmpty()) return Optional.empty();
    List<Integer> recorded = table.epochs();
    TreeSet<Integer> telling = new TreeSet<>();
    if (recorded.contains(-1)) telling.add(-1);
    recorded.stream().filter(e -> e >= 0).findFirst().ifPresent(telling::add);
    telling.add(recorded.get(recorded.size() - 1));
    List<Path> plots = GradientFlowPlots.write(results, results.root().resolve(PLOTS));
    return Optional.of(new GradientFlowReview(plots,
        telling.stream().map(epoch -> GradientDiagnosis.diagnose(records, epoch)).toList(),
        PredictedFlow.of(records)));
  }
}
