package dev.vgp.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.BranchInit;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the prediction must show whatever its accuracy, read off its derivation (docs/engine.md):
 * the measurement itself is compared in dev.vgp.train.PredictedGradientFlowTest.
 */
class GradientFlowPredictionTest {

  private static final InputStatistics WHITE = InputStatistics.white(32);

  @Test
  void referenceVgg38IsFlatAlongAStageAndDropsAtEachBiasedReduction() {
    ModelSpec vgg38 = ModelSpec.vgg38();
    GradientFlowPrediction p = GradientFlowPrediction.of(vgg38, 100, WHITE);
    List<String> layers = p.layers();
    double[] g = p.meanAbsGradient();
    // without biases q_in r_out is the same along a stage: the profile is flat within 2x
    double first = g[layers.indexOf("block_1_0_conv_0")];
    double last = g[layers.indexOf("block_1_4_conv_1")];
    assertEquals(1, last / first, 1);
    // a reduction block's biased conv restarts the forward signal at its bias floor
    assertTrue(g[layers.indexOf("reduction_block_1_conv_1")]
        > 1e3 * g[layers.indexOf("reduction_block_1_conv_0")], Arrays.toString(g));
    assertTrue(p.firstToLastRatio() < 1e-12, "ratio " + p.firstToLastRatio());
  }

  @Test
  void heInitKeepsVgg38Healthy() {
    GradientFlowPrediction p = GradientFlowPrediction.of(
        ModelSpec.vgg38().with("initialization", Initialization.HE), 100, WHITE);
    double[] g = p.meanAbsGradient();
    double min = Arrays.stream(g).min().orElseThrow();
    double max = Arrays.stream(g).max().orElseThrow();
    assertTrue(min > 1e-3 * max, Arrays.toString(g));
  }

  @Test
  void theGradientShrinksAsTheRootOfTheBatch() {
    double[] small = GradientFlowPrediction.of(ModelSpec.vgg08(), 25, WHITE).meanAbsGradient();
    double[] large = GradientFlowPrediction.of(ModelSpec.vgg08(), 100, WHITE).meanAbsGradient();
    // but for the entry BN's batch statistics
    for (int i = 0; i < small.length; i++) assertEquals(2, small[i] / large[i], 0.01);
  }

  @Test
  void layersBehindAZeroInitialisedWeightArePredictedExactlyZero() {
    ModelSpec rc = ModelSpec.vgg38().with("residual", true);
    GradientFlowPrediction rezero = GradientFlowPrediction.of(
        rc.with("branchInit", BranchInit.REZERO), 100, WHITE);
    assertEquals(0, value(rezero, "block_2_3_conv_0"));
    assertEquals(0, value(rezero, "block_2_3_conv_1"));
    GradientFlowPrediction fixup = GradientFlowPrediction.of(
        rc.with("branchInit", BranchInit.FIXUP), 100, WHITE);
    assertEquals(0, value(fixup, "block_0_0_conv_0"));
    assertTrue(value(fixup, "block_0_0_conv_1") > 0, "the zero conv itself learns");
    GradientFlowPrediction zeroGamma = GradientFlowPrediction.of(rc.with("batchNorm",
        BatchNormPlacement.ALL_BLOCK_CONVS).with("branchInit", BranchInit.ZERO_GAMMA), 100, WHITE);
    assertEquals(0, value(zeroGamma, "block_1_1_bn_0"));
    assertTrue(value(zeroGamma, "block_1_1_bn_1") > 0);
    // the rest is a VGG08 with identities in between, as measured
    GradientFlowPrediction vgg08 = GradientFlowPrediction.of(ModelSpec.vgg08(), 100, WHITE);
    for (String layer : vgg08.layers()) {
      assertEquals(1, value(rezero, layer) / value(vgg08, layer), 0.05, layer);
    }
  }

  @Test
  void theInputsSpatialCorrelationIsMeasuredFromTheImages() {
    int size = 8;
    byte[] flat = new byte[2 * size * size];
    Arrays.fill(flat, 0, size * size, (byte) 200);
    Arrays.fill(flat, size * size, flat.length, (byte) 50);
    Normalization half = new Normalization(new float[] {0.5f}, new float[] {0.25f});
    InputStatistics s = InputStatistics.of(flat, 2, size, 1, half);
    double bright = (200 / 255.0 - 0.5) / 0.25;
    double dark = (50 / 255.0 - 0.5) / 0.25;
    // every pixel of an image is its image's value: all offsets alike
    double same = (bright * bright + dark * dark) / 2;
    assertEquals(same, s.sameImage()[Grid.centre(size)], 1e-9);
    assertEquals(same, s.sameImage()[Grid.index(7, -7, size)], 1e-9);
    assertEquals(bright * dark, s.otherImage(), 1e-9);
  }

  @Test
  void theInputMustBeTheModelsSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradientFlowPrediction.of(ModelSpec.vgg08(), 10, InputStatistics.white(16)));
    assertTrue(e.getMessage().contains("16x16"), e.getMessage());
  }

  private static double value(GradientFlowPrediction p, String layer) {
    return p.meanAbsGradient()[p.layers().indexOf(layer)];
  }
}
