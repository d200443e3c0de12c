package dev.vgp.report;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.report.Figure.Scale;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gradient-flow plots of one experiment, as the {@code vgp:gradient-flow} goal writes them:
 * {@code gradient_flow_log.svg/.png} (vanishing layers visible) and
 * {@code gradient_flow_linear.svg/.png} (the reference's style, where vanished layers read 0),
 * each with the prediction at initialisation when recorded; and once trained,
 * {@code update_ratio.svg/.png}.
 */
public final class GradientFlowPlots {

  private GradientFlowPlots() {}

  /**
   * Writes the files into {@code outputDir} and returns their paths.
   *
   * @throws IllegalStateException when the directory holds no gradient flow to plot
   */
  public static List<Path> write(ResultsDirectory results, Path outputDir) {
    ExperimentResults experiment = ExperimentResults.load(results.root());
    GradientFlowTable table = experiment.referenceFlow();
    if (table.isEmpty()) {
      throw new IllegalStateException("no " + GradientFlowTable.REFERENCE_STATISTIC.csvName()
          + " values in " + results.file(ResultsDirectory.GRADIENT_FLOW)
          + ": train the experiment (or run vgp:gradient-flow) first");
    }
    String label = experiment.labelWithLearningRate();
    GradientFlowTable predicted = experiment.flow(GradientStatistic.PREDICTED_MEAN_ABS);
    List<Figure> figures = new ArrayList<>();
    for (Scale scale : List.of(Scale.LOG, Scale.LINEAR)) {
      figures.add(Figures.gradientFlow("gradient_flow_" + scale.name().toLowerCase(Locale.ROOT),
          label, table, predicted, scale));
    }
    GradientFlowTable updates = experiment.flow(GradientStatistic.UPDATE_RATIO);
    if (!updates.isEmpty()) figures.add(Figures.updateRatio("update_ratio", label, updates));
    List<Path> written = new ArrayList<>();
    for (Figure figure : figures) {
      Path svg = outputDir.resolve(figure.id() + ".svg");
      Path png = outputDir.resolve(figure.id() + ".png");
      Charts.svgFile(figure, svg);
      Charts.png(figure, png);
      written.add(svg);
      written.add(png);
    }
    return written;
  }
}
