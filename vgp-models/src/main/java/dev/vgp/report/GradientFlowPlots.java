package dev.vgp.report;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.report.Figure.Scale;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gradient-flow plots of one experiment, as the {@code vgp:gradient-flow} goal writes them:
 * {@code gradient_flow_log.svg/.png} (vanishing layers visible) and
 * {@code gradient_flow_linear.svg/.png} (the reference's style, where vanished layers read 0).
 */
public final class GradientFlowPlots {

  private GradientFlowPlots() {}

  /**
   * Writes the four files into {@code outputDir} and returns their paths.
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
    List<Path> written = new ArrayList<>();
    for (Scale scale : List.of(Scale.LOG, Scale.LINEAR)) {
      String name = "gradient_flow_" + scale.name().toLowerCase();
      Figure figure = Figures.gradientFlow(name, experiment.labelWithLearningRate(), table, scale);
      Path svg = outputDir.resolve(name + ".svg");
      Path png = outputDir.resolve(name + ".png");
      Charts.svgFile(figure, svg);
      Charts.png(figure, png);
      written.add(svg);
      written.add(png);
    }
    return written;
  }
}
