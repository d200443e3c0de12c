package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.BranchInit;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Settings;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.theory.GradientFlowPrediction;
import dev.vgp.theory.InputStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each modern cure does at initialisation: its residual branches are identities, so a cured
 * VGG38's gradient flow on the layers VGG08 also has is VGG08's (same seed, same batch: within 10%,
 * the stream's leaky ReLUs scaling its negative part once more per block), its branch layers
 * before the zero-initialised weight get exactly 0, as predicted, and the diagnosis calls those
 * silent, not vanishing.
 */
class CuresAtInitialisationTest {

  private static final SyntheticDataset DATA = SyntheticDataset.create(100, 32, 1, 1, 3);
  private static final int BATCH = 20;
  private static final TrainingConfig ONE_BATCH = Settings.with(TrainingConfig.reference(),
      Map.of("batchSize", BATCH, "augment", false));

  static Stream<Arguments> curedAndShallow() {
    ModelSpec rc = ModelSpec.vgg38().with("residual", true);
    ModelSpec bn = ModelSpec.vgg08().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS);
    return Stream.of(
        Arguments.of(rc.with("branchInit", BranchInit.REZERO), ModelSpec.vgg08()),
        Arguments.of(rc.with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
            .with("branchInit", BranchInit.ZERO_GAMMA), bn),
        Arguments.of(rc.with("branchInit", BranchInit.FIXUP)
                .with("initialization", Initialization.HE),
            ModelSpec.vgg08().with("initialization", Initialization.HE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curedAndShallow")
  void aCuredVgg38StartsAsVgg08(ModelSpec cured, ModelSpec shallow) {
    double[] measured = measure(cured);
    double[] shallowMeasured = measure(shallow);
    List<String> layers = cured.gradientLayerLabels();
    List<String> shallowLayers = shallow.gradientLayerLabels();
    InputStatistics input = InputStatistics.of(DATA.train().pixels(), DATA.train().count(), 32,
        3, DATA.normalization());
    double[] predicted = GradientFlowPrediction.of(cured, BATCH, input).meanAbsGradient();
    List<String> silent = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      String layer = layers.get(i);
      if (predicted[i] == 0) {
        assertEquals(0, measured[i], layer + " is predicted silent");
        silent.add(layer);
      } else {
        assertTrue(measured[i] > 0, layer + " is predicted to get a gradient");
      }
      int shared = shallowLayers.indexOf(layer);
      if (shared >= 0) {
        assertEquals(shallowMeasured[shared], measured[i], 0.1 * shallowMeasured[shared],
            layer + " as in " + shallow.name());
      }
    }
    assertFalse(silent.isEmpty());
    assertTrue(silent.stream().allMatch(l -> l.startsWith("block_")), silent.toString());
    GradientDiagnosis d = GradientDiagnosis.diagnose(layers, measured, null, predicted, -1);
    assertEquals(GradientDiagnosis.Verdict.HEALTHY, d.verdict(), d.text());
    assertEquals(silent, d.silentLayers());
  }

  private static double[] measure(ModelSpec model) {
    return GradientFlowProbe.atInitialisation(model, ONE_BATCH, DATA, 1).stream()
        .filter(r -> r.statistic() == GradientStatistic.LAST_BATCH_MEAN_ABS)
        .mapToDouble(GradientFlowRecord::value).toArray();
  }
}
