package dev.vgp.train;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.ModelSpec;
import java.util.Optional;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.KernelList;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * TensorFlow session settings that change speed, not what is computed (fused or compiled kernels
 * may round differently in the last bits). oneDNN is not among them: TF reads
 * {@code TF_ENABLE_ONEDNN_OPTS} from the process environment, which Java cannot set for itself
 * (vgp's goals set it for the training processes they start), and leaves oneDNN off on CPUs
 * without AVX-512 VNNI or AMX (AVX2-only Intel and AMD CPUs), where turning it on made training
 * steps 1.5x faster; see {@link #deviceAdvice}.
 *
 * @param xlaJit compile clusters of ops with XLA (global_jit_level ON_1)
 * @param graphOptimizer grappler, TensorFlow's graph rewriter, run on each new fetch set. On the
 *     CPU it changed no step time here (the step is convolution kernels) but cost 0.6 s at
 *     variable initialisation and 1 s at the first training step; on a GPU its layout optimizer
 *     turns NHWC convolutions into cuDNN's faster NCHW, so {@link #forModel} keeps it there
 * @param remapper grappler's op-fusing remapper; on models without block BN it only logs a
 *     harmless "remapper failed" line, so {@link #forModel} turns it off there
 */
public record EngineOptions(boolean xlaJit, boolean graphOptimizer, boolean remapper) {

  private static final String ONEDNN = "TF_ENABLE_ONEDNN_OPTS";

  /** The settings the trainer uses for {@code spec}. */
  public static EngineOptions forModel(ModelSpec spec) {
    return new EngineOptions(false, GpuKernels.PRESENT,
        spec.batchNorm() != BatchNormPlacement.NONE);
  }

  /**
   * What to tell a user about the device a session ran on: that the GPU natives found no GPU, or
   * that oneDNN could speed up a CPU run; empty when neither applies.
   */
  public static Optional<String> deviceAdvice(String device) {
    return deviceAdvice(device, GpuKernels.PRESENT, System.getenv(ONEDNN));
  }

  static Optional<String> deviceAdvice(String device, boolean gpuNatives, String oneDnnSetting) {
    if (device.contains("GPU")) return Optional.empty();
    if (gpuNatives) {
      return Optional.of("the GPU natives are loaded but TensorFlow found no usable GPU, so this"
          + " runs on the CPU: check the GPU driver (nvidia-smi) and CUDA 12 / cuDNN 9, or the"
          + " org.bytedeco:cuda jar (docs/plugin.md#gpu); TensorFlow's cuInit or 'Could not"
          + " load' lines above name what is missing");
    }
    if (oneDnnSetting != null) return Optional.empty();
    return Optional.of(ONEDNN + " is not set, so TensorFlow may leave its oneDNN CPU kernels off"
        + " (it does on CPUs without AVX-512 VNNI); vgp's training processes set it, so drop"
        + " -Dvgp.fork=false, or export " + ONEDNN + "=1 before starting this JVM, for about 1.5x"
        + " faster training steps");
  }

  ConfigProto toConfig() {
    RewriterConfig.Builder rewrites = RewriterConfig.newBuilder();
    if (!graphOptimizer) rewrites.setDisableMetaOptimizer(true);
    if (!remapper) rewrites.setRemapping(RewriterConfig.Toggle.OFF);
    OptimizerOptions.Builder optimizer = OptimizerOptions.newBuilder();
    if (xlaJit) optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
    return ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(rewrites)
            .setOptimizerOptions(optimizer))
        .build();
  }

  /**
   * Whether the loaded TensorFlow natives carry GPU kernels (the {@code linux-x86_64-gpu}
   * classifier), asked of TF's kernel registry once per JVM; a machine without a GPU still runs
   * such natives on the CPU.
   */
  static final class GpuKernels {
    static final boolean PRESENT = conv2dHasGpuKernel();

    private static boolean conv2dHasGpuKernel() {
      TF_Status status = TF_Status.newStatus();
      try {
        TF_Buffer kernels = TF_GetRegisteredKernelsForOp("Conv2D", status);
        status.throwExceptionIfNotOK();
        try {
          return KernelList.parseFrom(kernels.copyData()).getKernelList().stream()
              .anyMatch(kernel -> kernel.getDeviceType().equals("GPU"));
        } finally {
          kernels.delete();
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("TensorFlow's kernel registry is unreadable", e);
      } finally {
        status.delete();
      }
    }
  }
}
