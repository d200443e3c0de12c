package dev.vgp.report;

import dev.vgp.analysis.GradientFlowTable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.report.Figure.Scale;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientFlowPlotsTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path tmp;

  @Test
  void writesLogAndLinearPlotsAsSvgAndPng() throws Exception {
    Path results = StudyFixture.write(tmp.resolve("vgg38"), StudyFixture.run("vgg38"), 3);
    Path out = tmp.resolve("plots");
    List<Path> written = GradientFlowPlots.write(new ResultsDirectory(results), out);
    assertEquals(List.of(out.resolve("gradient_flow_log.svg"), out.resolve("gradient_flow_log.png"),
        out.resolve("gradient_flow_linear.svg"), out.resolve("gradient_flow_linear.png")), written);

    String log = Files.readString(out.resolve("gradient_flow_log.svg"));
    assertTrue(log.startsWith("<?xml"));
    assertTrue(log.contains("Gradient flow") && log.contains("Average Gradient")
        && log.contains("Layers"), "reference title and axis names");
    assertTrue(log.contains("input_conv_conv_0") && log.contains("weight_logit_linear_layer"));
    assertTrue(log.contains("0 drawn at"), "VGG38's exact zeros are marked on the log plot");
    assertTrue(!Files.readString(out.resolve("gradient_flow_linear.svg")).contains("0 drawn at"),
        "a linear axis shows 0 as it is");
    for (String png : List.of("gradient_flow_log.png", "gradient_flow_linear.png")) {
      byte[] bytes = Files.readAllBytes(out.resolve(png));
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), png);
      assertTrue(bytes.length > 20_000, png + " looks empty: " + bytes.length + " bytes");
    }
  }

  @Test
  void thePredictionIsDrawnDashedBesideTheMeasurementAtInitialisation() {
    List<dev.vgp.results.GradientFlowRecord> rows = new java.util.ArrayList<>();
    for (int l = 0; l < 3; l++) {
      rows.add(new dev.vgp.results.GradientFlowRecord(-1, l, "abc".substring(l, l + 1),
          GradientFlowTable.REFERENCE_STATISTIC, 1e-3 * (l + 1)));
      rows.add(new dev.vgp.results.GradientFlowRecord(-1, l, "abc".substring(l, l + 1),
          dev.vgp.results.GradientStatistic.PREDICTED_MEAN_ABS, 2e-3 * (l + 1)));
    }
    Figure figure = Figures.gradientFlow("t", "test", GradientFlowTable.reference(rows),
        GradientFlowTable.of(rows, dev.vgp.results.GradientStatistic.PREDICTED_MEAN_ABS),
        Scale.LOG);
    assertEquals(List.of("init", "init, predicted"),
        figure.series().stream().map(Figure.Series::name).toList());
    assertTrue(figure.series().get(1).dashed());
    assertArrayEquals(new double[] {2e-3, 4e-3, 6e-3}, figure.series().get(1).y(), 1e-15);
    assertTrue(figure.notes().stream().anyMatch(n -> n.startsWith("Dashed: the gradient flow")));
  }

  @Test
  void updateRatiosAreDrawnWithTheirFrozenAndUnstableBounds() {
    GradientFlowTable ratios = GradientFlowTable.of(List.of(
        new dev.vgp.results.GradientFlowRecord(0, 0, "a",
            dev.vgp.results.GradientStatistic.UPDATE_RATIO, 1e-3),
        new dev.vgp.results.GradientFlowRecord(0, 1, "b",
            dev.vgp.results.GradientStatistic.UPDATE_RATIO, 2e-9)),
        dev.vgp.results.GradientStatistic.UPDATE_RATIO);
    Figure figure = Figures.updateRatio("u", "test", ratios);
    assertEquals(List.of(1e-1, 1e-6), figure.markers().stream().map(Figure.Marker::value).toList());
    assertTrue(figure.logScale());
  }

  @Test
  void directoryWithoutGradientFlowIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradientFlowPlots.write(new ResultsDirectory(tmp.resolve("empty")), tmp));
    assertTrue(e.getMessage().contains("gradient_flow.csv"), e.getMessage());
  }

  @Test
  void logScaleMarksZerosAndNonFiniteValuesInsteadOfDroppingThem() {
    GradientFlowTable table = GradientFlowTable.of(List.of(
        new dev.vgp.results.GradientFlowRecord(0, 0, "a", GradientFlowTable.REFERENCE_STATISTIC,
            0),
        new dev.vgp.results.GradientFlowRecord(0, 1, "b", GradientFlowTable.REFERENCE_STATISTIC,
            Double.NaN),
        new dev.vgp.results.GradientFlowRecord(0, 2, "c", GradientFlowTable.REFERENCE_STATISTIC,
            2e-4)), GradientFlowTable.REFERENCE_STATISTIC);
    Figure log = Figures.gradientFlow("t", "test", table, GradientFlowTable.empty(), Scale.LOG);
    double[] y = log.series().get(0).y();
    assertEquals(1e-5, y[0], 1e-20, "0 drawn a decade below the smallest value's decade");
    assertEquals(1e-2, y[1], 1e-15, "NaN drawn a decade above the largest value's decade");
    assertEquals(2e-4, y[2]);
    assertEquals(2, log.markers().size());
    assertTrue(log.notes().stream().anyMatch(n -> n.startsWith("1 value(s) of exactly 0")));
    assertTrue(log.notes().stream().anyMatch(n -> n.startsWith("1 non-finite value(s)")));

    Figure linear = Figures.gradientFlow("t", "test", table, GradientFlowTable.empty(),
        Scale.LINEAR);
    assertEquals(0, linear.series().get(0).y()[0], "0 stays 0 on a linear axis");
    assertEquals(1, linear.markers().size(), "only the NaN needs marking");
  }
}
