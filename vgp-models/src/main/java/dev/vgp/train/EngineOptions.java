package dev.vgp.train;

import dev.vgp.model.BatchNormPlacement;
import dev.vgp.model.ModelSpec;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * TensorFlow session settings that change speed, never results. oneDNN is not among them: it is
 * read from {@code TF_ENABLE_ONEDNN_OPTS} once, when the native library loads, and is on by
 * default.
 *
 * @param xlaJit compile clusters of ops with XLA (global_jit_level ON_1)
 * @param remapper grappler's op-fusing remapper; on models without block BN it only logs a
 *     harmless "remapper failed" line, so {@link #forModel} turns it off there
 */
public record EngineOptions(boolean xlaJit, boolean remapper) {

  /** The settings the trainer uses for {@code spec}. */
  public static EngineOptions forModel(ModelSpec spec) {
    return new EngineOptions(false, spec.batchNorm() != BatchNormPlacement.NONE);
  }

  ConfigProto toConfig() {
    RewriterConfig.Builder rewrites = RewriterConfig.newBuilder();
    if (!remapper) rewrites.setRemapping(RewriterConfig.Toggle.OFF);
    OptimizerOptions.Builder optimizer = OptimizerOptions.newBuilder();
    if (xlaJit) optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
    return ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(rewrites)
            .setOptimizerOptions(optimizer))
        .build();
  }
}
