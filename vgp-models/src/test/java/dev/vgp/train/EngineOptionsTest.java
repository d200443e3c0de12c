package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.ModelSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

class EngineOptionsTest {

  @Test
  void theKernelRegistryTellsWhichNativesAreLoaded() {
    String classifier = System.getProperty("vgp.test.nativeClassifier", "linux-x86_64");
    assertEquals(classifier.endsWith("-gpu"), EngineOptions.GpuKernels.PRESENT, classifier);
  }

  @Test
  void grapplerRunsOnlyWithGpuNativesAndTheRemapperOnlyForBatchNorm() {
    EngineOptions plain = EngineOptions.forModel(ModelSpec.vgg38());
    EngineOptions bn = EngineOptions.forModel(
        ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS));
    assertEquals(EngineOptions.GpuKernels.PRESENT, plain.graphOptimizer());
    assertFalse(plain.remapper());
    assertTrue(bn.remapper());
    assertFalse(plain.xlaJit());
  }

  @Test
  void settingsBecomeTheSessionConfig() {
    RewriterConfig off = new EngineOptions(false, false, false, false).toConfig().getGraphOptions()
        .getRewriteOptions();
    assertTrue(off.getDisableMetaOptimizer());
    assertEquals(RewriterConfig.Toggle.OFF, off.getRemapping());

    ConfigProto on = new EngineOptions(true, true, true, false).toConfig();
    assertFalse(on.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer());
    assertEquals(RewriterConfig.Toggle.DEFAULT, on.getGraphOptions().getRewriteOptions()
        .getRemapping());
    assertEquals(OptimizerOptions.GlobalJitLevel.ON_1,
        on.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
  }

  @Test
  void adviceNamesTheMissingGpuBeforeOneDnn() {
    assertTrue(EngineOptions.deviceAdvice("CPU:0", true, "1").orElseThrow()
        .startsWith("the GPU natives are loaded but TensorFlow found no usable GPU"));
    assertEquals(Optional.empty(), EngineOptions.deviceAdvice("CPU:0, GPU:0", true, null));
    assertTrue(EngineOptions.deviceAdvice("CPU:0", false, null).orElseThrow()
        .startsWith("TF_ENABLE_ONEDNN_OPTS is not set"));
    assertEquals(Optional.empty(), EngineOptions.deviceAdvice("CPU:0", false, "0"));
  }
}
