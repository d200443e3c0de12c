package dev.vgp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.analysis.GradientDiagnosis.Verdict;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The thresholds against the values read off the reference figures (reference README). */
class GradientDiagnosisTest {

  private static final List<String> VGG08 = ModelSpec.vgg08().gradientLayerLabels();
  private static final List<String> VGG38 = ModelSpec.vgg38().gradientLayerLabels();

  @Test
  void referenceVgg08AtEpoch99IsHealthy() {
    double[] epoch99 = {0.135, 0.058, 0.015, 0.013, 0.0097, 0.011, 0.0094, 0.010, 0.028};
    GradientDiagnosis d = GradientDiagnosis.diagnose(VGG08, epoch99, 99);
    assertEquals(Verdict.HEALTHY, d.verdict());
    assertEquals(0.135 / 0.028, d.firstToLastRatio(), 1e-12);
    assertNull(d.firstVanishingLayer());
    assertEquals(0, d.vanishingLayers());
    assertTrue(d.text().startsWith("At epoch 99 the gradient reaches every layer"), d.text());
  }

  @Test
  void referenceVgg38AtEpoch0VanishesFromTheLastStageBack() {
    double[] epoch0 = referenceVgg38(1e-19, 6e-11, 1.3e-10, 4.5e-5, 2.0e-4);
    GradientDiagnosis d = GradientDiagnosis.diagnose(VGG38, epoch0, 0);
    assertEquals(Verdict.VANISHING, d.verdict());
    // Walking back from the logits, the report names this layer as where the gradient dies.
    assertEquals("reduction_block_2_conv_0", d.firstVanishingLayer());
    assertEquals(37, d.vanishingLayers());
    assertEquals(1e-19 / 2.0e-4, d.firstToLastRatio(), 1e-25);
    assertTrue(d.text().contains("vanishes from reduction_block_2_conv_0"), d.text());
  }

  @Test
  void referenceVgg38AtEpoch99WithExactZerosVanishes() {
    double[] epoch99 = referenceVgg38(0, 0, 0, 1.3e-8, 1.5e-6);
    GradientDiagnosis d = GradientDiagnosis.diagnose(VGG38, epoch99, 99);
    assertEquals(Verdict.VANISHING, d.verdict());
    assertEquals(0, d.firstToLastRatio());
  }

  @Test
  void uniformlyTinyGradientsVanishByTheAbsoluteBound() {
    double[] tiny = new double[VGG08.size()];
    java.util.Arrays.fill(tiny, 1e-12);
    assertEquals(Verdict.VANISHING, GradientDiagnosis.diagnose(VGG08, tiny, 3).verdict());
  }

  @Test
  void nonFiniteOrLargeGradientsExplode() {
    double[] withNaN = {0.1, 0.05, Double.NaN, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02};
    GradientDiagnosis nan = GradientDiagnosis.diagnose(VGG08, withNaN, 5);
    assertEquals(Verdict.EXPLODING, nan.verdict());
    assertEquals("reduction_block_0_conv_0", nan.firstExplodingLayer());
    assertTrue(nan.text().contains("reduction_block_0_conv_0 reads NaN ("), nan.text());

    double[] large = {3.0, 0.05, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02};
    GradientDiagnosis big = GradientDiagnosis.diagnose(VGG08, large, 5);
    assertEquals(Verdict.EXPLODING, big.verdict());
    assertEquals("input_conv_conv_0", big.firstExplodingLayer());
    assertTrue(big.text().contains("input_conv_conv_0 reads 3.0e+00, above 1 ("), big.text());

    double[] infinite = {0.1, 0.05, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01,
        Double.POSITIVE_INFINITY};
    assertEquals(Verdict.EXPLODING, GradientDiagnosis.diagnose(VGG08, infinite, 5).verdict());
  }

  @Test
  void diagnosesOneEpochOfRecordsUsingTheReferenceStatisticOnly() {
    List<GradientFlowRecord> records = new ArrayList<>();
    for (int l = 0; l < VGG08.size(); l++) {
      records.add(new GradientFlowRecord(-1, l, VGG08.get(l),
          GradientStatistic.LAST_BATCH_MEAN_ABS, l == 0 ? 1e-19 : 0.01));
      records.add(new GradientFlowRecord(2, l, VGG08.get(l),
          GradientStatistic.LAST_BATCH_MEAN_ABS, 0.02));
      // A different statistic with an alarming value must not change the verdict.
      records.add(new GradientFlowRecord(2, l, VGG08.get(l), GradientStatistic.LAST_BATCH_L2,
          50));
    }
    GradientDiagnosis atInit = GradientDiagnosis.diagnose(records, -1);
    assertEquals(Verdict.VANISHING, atInit.verdict());
    assertEquals("input_conv_conv_0", atInit.firstVanishingLayer());
    assertTrue(atInit.text().startsWith("At initialisation"), atInit.text());
    assertEquals(Verdict.HEALTHY, GradientDiagnosis.diagnose(records, 2).verdict());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> GradientDiagnosis.diagnose(records, 7));
    assertTrue(missing.getMessage().contains("[-1, 2]"), missing.getMessage());
  }

  @Test
  void layersPredictedAndMeasuredAtExactlyZeroAreSilentNotVanishing() {
    List<String> layers = List.of("input_conv_conv_0", "block_0_0_conv_0", "block_0_0_conv_1",
        "weight_logit_linear_layer");
    double[] measured = {2e-5, 0, 8e-7, 1.3e-4};
    double[] predicted = {8e-6, 0, 6e-6, 4e-4};
    GradientDiagnosis d = GradientDiagnosis.diagnose(layers, measured, null, predicted, -1);
    assertEquals(Verdict.HEALTHY, d.verdict(), d.text());
    assertEquals(List.of("block_0_0_conv_0"), d.silentLayers());
    assertTrue(d.text().contains("1 layer gets exactly 0, as predicted"), d.text());
    // without the prediction an exact 0 is an underflow, and vanishes
    assertEquals(Verdict.VANISHING, GradientDiagnosis.diagnose(layers, measured, -1).verdict());
  }

  @Test
  void updateRatiosNameFrozenAndUnstableLayers() {
    List<GradientFlowRecord> records = new ArrayList<>();
    double[] ratios = {1e-9, 2e-3, 0.5, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 3e-7};
    for (int l = 0; l < VGG08.size(); l++) {
      records.add(new GradientFlowRecord(4, l, VGG08.get(l),
          GradientStatistic.LAST_BATCH_MEAN_ABS, 0.02));
      records.add(new GradientFlowRecord(4, l, VGG08.get(l), GradientStatistic.UPDATE_RATIO,
          ratios[l]));
    }
    GradientDiagnosis d = GradientDiagnosis.diagnose(records, 4);
    assertEquals(Verdict.HEALTHY, d.verdict());
    assertEquals(List.of("input_conv_conv_0", "weight_logit_linear_layer"), d.frozenLayers());
    assertEquals(List.of("reduction_block_0_conv_0"), d.unstableLayers());
    assertTrue(d.text().endsWith(" Frozen (update/weight below 1e-6 a step): input_conv_conv_0,"
        + " weight_logit_linear_layer. Unstable (update/weight above 1e-1 a step):"
        + " reduction_block_0_conv_0."), d.text());
  }

  /**
   * VGG38's 39 values: entry and stages 0-1 at {@code early}, stage 2's processing blocks and
   * first reduction conv between {@code stage2Low} and {@code stage2High}, then the last
   * reduction conv and the logits.
   */
  private static double[] referenceVgg38(double early, double stage2Low, double stage2High,
      double lastReduction, double logits) {
    double[] values = new double[VGG38.size()];
    for (int i = 0; i < values.length; i++) {
      String layer = VGG38.get(i);
      if (layer.equals("weight_logit_linear_layer")) values[i] = logits;
      else if (layer.equals("reduction_block_2_conv_1")) values[i] = lastReduction;
      else if (layer.startsWith("block_2_") || layer.equals("reduction_block_2_conv_0")) {
        values[i] = stage2Low + (stage2High - stage2Low) * i / values.length;
      } else values[i] = early;
    }
    return values;
  }
}
