package dev.vgp.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  @Test
  void parameterCountsMatchTheReferenceExactly() {
    assertEquals(59_716, ModelSpec.vgg08().parameterCount());
    assertEquals(336_196, ModelSpec.vgg38().parameterCount());
    assertEquals(336_196, ModelSpec.vgg38().with("residual", true).parameterCount());
    assertEquals(338_500,
        ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS).parameterCount());
    assertEquals(338_116,
        ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.PROCESSING_BLOCKS).parameterCount());
    assertEquals(338_500, ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
        .with("residual", true).parameterCount());
  }

  @Test
  void theModernCuresCountTheirScalars() {
    ModelSpec rc = ModelSpec.vgg38().with("residual", true);
    ModelSpec bnRc = rc.with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS);
    // ReZero: one scalar per residual branch, 15 in VGG38, none a layer of the gradient flow
    ModelSpec rezero = rc.with("branchInit", BranchInit.REZERO);
    assertEquals(336_196 + 15, rezero.parameterCount());
    assertEquals(rc.gradientLayerLabels(), rezero.gradientLayerLabels());
    // zero-gamma only starts a gamma at 0
    assertEquals(338_500, bnRc.with("branchInit", BranchInit.ZERO_GAMMA).parameterCount());
    // Fixup: four scalar biases and a multiplier per branch, a bias before the classifier
    ModelSpec fixup = rc.with("branchInit", BranchInit.FIXUP);
    assertEquals(336_196 + 15 * 5 + 1, fixup.parameterCount());
    assertEquals(rc.gradientLayerLabels(), fixup.gradientLayerLabels());
    assertEquals("VGG38 RC + ReZero", rezero.studyName());
    assertEquals("VGG38 BN + RC + zero-gamma",
        bnRc.with("branchInit", BranchInit.ZERO_GAMMA).studyName());
  }

  @Test
  void aCureNeedsTheBranchesAndNormalisationItActsOn() {
    ModelSpec plain = ModelSpec.vgg38();
    assertEquals(List.of("branchInit rezero starts residual branches: it needs residual true"),
        plain.with("branchInit", BranchInit.REZERO).problems());
    assertEquals(List.of("branchInit zero-gamma zeroes the last BN of each branch: it needs"
            + " batchNorm processing-blocks or all"),
        plain.with("residual", true).with("branchInit", BranchInit.ZERO_GAMMA).problems());
    assertEquals(List.of("branchInit fixup replaces BN: it needs batchNorm none"),
        plain.with("residual", true).with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
            .with("branchInit", BranchInit.FIXUP).problems());
  }

  @Test
  void fixupScalesTheFirstBranchConvByOneOverTheRootOfTheBranchesAndZeroesTheLast() {
    ModelSpec fixup = ModelSpec.vgg38().with("residual", true)
        .with("branchInit", BranchInit.FIXUP);
    List<Layer.Conv> convs = fixup.layout().flattened().filter(Layer.Conv.class::isInstance)
        .map(Layer.Conv.class::cast).filter(c -> c.label().startsWith("block_")).toList();
    assertEquals(30, convs.size());
    for (Layer.Conv conv : convs) {
      double expected = conv.label().endsWith("conv_0") ? 1 / Math.sqrt(15) : 0;
      assertEquals(expected, conv.initScale(), 1e-15, conv.label());
    }
  }

  @Test
  void vgg08LabelsAreTheReferenceNine() {
    assertEquals(List.of("input_conv_conv_0", "input_conv_bn_0", "reduction_block_0_conv_0",
        "reduction_block_0_conv_1", "reduction_block_1_conv_0", "reduction_block_1_conv_1",
        "reduction_block_2_conv_0", "reduction_block_2_conv_1", "weight_logit_linear_layer"),
        ModelSpec.vgg08().gradientLayerLabels());
  }

  @Test
  void vgg38LabelsAreTheReferenceThirtyNine() {
    List<String> expected = new ArrayList<>(List.of("input_conv_conv_0", "input_conv_bn_0"));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 5; j++) {
        expected.add("block_" + i + "_" + j + "_conv_0");
        expected.add("block_" + i + "_" + j + "_conv_1");
      }
      expected.add("reduction_block_" + i + "_conv_0");
      expected.add("reduction_block_" + i + "_conv_1");
    }
    expected.add("weight_logit_linear_layer");
    assertEquals(39, expected.size());
    assertEquals(expected, ModelSpec.vgg38().gradientLayerLabels());
  }

  @Test
  void batchNormAddsOneGammaLabelAfterEachNormalisedConv() {
    List<String> labels =
        ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS).gradientLayerLabels();
    assertEquals(39 + 36, labels.size());
    assertEquals("block_0_0_bn_0", labels.get(3));
    assertTrue(labels.contains("reduction_block_2_bn_1"));
    assertEquals(39 + 30, ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.PROCESSING_BLOCKS)
        .gradientLayerLabels().size());
  }

  @Test
  void flopCountMatchesAHandComputation() {
    // VGG08: entry 32*32*9*3*32 = 884,736; reduction 0: 1024*9216 + 256*9216;
    // reduction 1: 256*9216 + 64*9216; reduction 2: 64*9216 + 16*9216; dense 3,200.
    long vgg08 = 884_736L + (1024 + 256 + 256 + 64 + 64 + 16) * 9_216L + 3_200;
    assertEquals(vgg08, ModelSpec.vgg08().forwardMultiplyAccumulates());
    // VGG38 adds 10 processing convs per stage at 32x32, 16x16 and 8x8.
    long vgg38 = vgg08 + 10L * (1024 + 256 + 64) * 9_216L;
    assertEquals(vgg38, ModelSpec.vgg38().forwardMultiplyAccumulates());
    assertEquals(6 * vgg38, ModelSpec.vgg38().trainingFlopsPerImage());
  }

  @Test
  void invalidSpecificationsListEveryProblem() {
    ModelSpec bad = new ModelSpec("bad", 0, -1, 0, 1, 0, 30, BatchNormPlacement.NONE, false, 1.5,
        Initialization.HE, BranchInit.NONE);
    assertEquals(6, bad.problems().size(), bad.problems().toString());
    assertTrue(ModelSpec.vgg38().problems().isEmpty());
  }
}
