package dev.vgp.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.BranchInit;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import dev.vgp.spec.TrainingConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class ModelGraphTest {

  static Stream<Arguments> models() {
    ModelSpec vgg38 = ModelSpec.vgg38();
    return Stream.of(
        Arguments.of(ModelSpec.vgg08(), 9, 59_716),
        Arguments.of(vgg38, 39, 336_196),
        Arguments.of(vgg38.with("residual", true), 39, 336_196),
        Arguments.of(vgg38.with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS), 75, 338_500),
        Arguments.of(vgg38.with("batchNorm", BatchNormPlacement.PROCESSING_BLOCKS), 69, 338_116),
        Arguments.of(vgg38.with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS).with("residual", true),
            75, 338_500),
        Arguments.of(vgg38.with("residual", true).with("branchInit", BranchInit.REZERO), 39,
            336_211),
        Arguments.of(vgg38.with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
            .with("residual", true).with("branchInit", BranchInit.ZERO_GAMMA), 75, 338_500),
        Arguments.of(vgg38.with("residual", true).with("branchInit", BranchInit.FIXUP), 39,
            336_272));
  }

  @Test
  void eachCureStartsItsBranchesAtZero() {
    ModelSpec rc = ModelSpec.vgg38().with("residual", true);
    Map<String, float[]> rezero = initialValues(rc.with("branchInit", BranchInit.REZERO));
    assertArrayEquals(new float[] {0}, rezero.get("block_1_2_scale.scale"));
    Map<String, float[]> zeroGamma = initialValues(rc.with("batchNorm",
        BatchNormPlacement.ALL_BLOCK_CONVS).with("branchInit", BranchInit.ZERO_GAMMA));
    assertEquals(0, max(zeroGamma.get("block_2_4_bn_1.gamma")));
    assertEquals(1, max(zeroGamma.get("block_2_4_bn_0.gamma")));
    Map<String, float[]> fixup = initialValues(rc.with("branchInit", BranchInit.FIXUP)
        .with("initialization", Initialization.HE));
    assertEquals(0, max(fixup.get("block_0_3_conv_1.kernel")));
    assertArrayEquals(new float[] {1}, fixup.get("block_0_3_scale.scale"));
    assertArrayEquals(new float[] {0}, fixup.get("block_0_3_bias_2.bias"));
    // He's standard deviation sqrt(2 / 288) over the root of the 15 branches
    float[] first = fixup.get("block_0_3_conv_0.kernel");
    double sd = Math.sqrt(IntStream.range(0, first.length).mapToDouble(i -> first[i] * first[i])
        .sum() / first.length);
    assertEquals(Math.sqrt(2.0 / 288 / 15), sd, 0.03 * sd);
  }

  /** Every variable's value after initialisation, by name. */
  private static Map<String, float[]> initialValues(ModelSpec spec) {
    try (Graph graph = new Graph()) {
      ModelGraph model = ModelGraph.build(Ops.create(graph), spec, Normalization.cifar(),
          TrainingConfig.reference());
      try (Session session = new Session(graph)) {
        session.initialize();
        Map<String, float[]> values = new HashMap<>();
        for (Variable<TFloat32> v : model.trainableVariables()) {
          try (TFloat32 value = (TFloat32) session.runner().fetch(v).run().get(0)) {
            float[] copy = new float[(int) value.size()];
            value.copyTo(DataBuffers.of(copy, false, false));
            values.put(v.op().name(), copy);
          }
        }
        return values;
      }
    }
  }

  private static double max(float[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : values) max = Math.max(max, Math.abs(v));
    return max;
  }

  @ParameterizedTest
  @MethodSource("models")
  void registryFollowsTheSpecAndVariablesSumToTheParameterCount(ModelSpec spec, int layers,
      long parameters) {
    try (Graph graph = new Graph()) {
      ModelGraph model = ModelGraph.build(Ops.create(graph), spec, Normalization.cifar(),
          TrainingConfig.reference());
      assertEquals(spec.gradientLayerLabels(),
          model.gradientLayers().stream().map(ModelGraph.GradientLayer::label).toList());
      assertEquals(layers, model.gradientLayers().size());
      long size = model.trainableVariables().stream().mapToLong(v -> v.shape().size()).sum();
      assertEquals(parameters, size);
      assertEquals(spec.parameterCount(), size);
    }
  }
}
