package dev.vgp.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

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
            75, 338_500));
  }

  @ParameterizedTest
  @MethodSource("models")
  void registryFollowsTheSpecAndVariablesSumToTheParameterCount(ModelSpec spec, int layers,
      long parameters) {
    try (Graph graph = new Graph()) {
      ModelGraph model = ModelGraph.build(Ops.create(graph), spec, Normalization.cifar(), 0, 0);
      assertEquals(spec.gradientLayerLabels(),
          model.gradientLayers().stream().map(ModelGraph.GradientLayer::label).toList());
      assertEquals(layers, model.gradientLayers().size());
      long size = model.trainableVariables().stream().mapToLong(v -> v.shape().size()).sum();
      assertEquals(parameters, size);
      assertEquals(spec.parameterCount(), size);
    }
  }
}
