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
 * may round differently in the last bits), but for bfloat16, which a run declares. oneDNN is not
 * among them: TF reads {@code TF_ENABLE_ONEDNN_OPTS} from the process environment, which Java
 * cannot set for itself (vgp's goals set it for the training processes they start), and leaves
 * oneDNN off on CPUs without AVX-512 VNNI or AMX (AVX2-only Intel and AMD CPUs), where turning it
 * on made training steps 1.5x faster; see {@link #deviceAdvice}.
 *
 * @param xlaJit compile clusters of ops with XLA (global_jit_level ON_1)
 * @param graphOptimizer grappler, TensorFlow's graph rewriter, run on each new fetch set. On the
 *     CPU it changed no step time here (the step is convolution kernels) but cost 0.6 s at
 *     variable initialisation and 1 s at the first training step; on a GPU its layout optimizer
 *     turns NHWC convolutions into cuDNN's faster NCHW, so {@link #forModel} keeps it there
 * @param remapper grappler's op-fusing remapper; on models without block BN it only logs a
 *     harmless "remapper failed" line, so {@link #forModel} turns it off there
 * @param bfloat16 grappler's oneDNN bfloat16 rewrite, alone when the graph optimizer is off.
 *     Unlike the others it changes the numbers: the experiment setting {@code bfloat16}
 */
public record EngineOptions(boolean xlaJit, boolean graphOptimizer, boolean remapper,
    boolean bfloat16) {

  private static final String ONEDNN = "TF_ENABLE_ONEDNN_OPTS";
  private static final String BFLOAT16_REWRITE = "auto_mixed_precision_onednn_bfloat16";

  /** The settings the trainer uses for {@code spec} in float32. */
  public static EngineOptions forModel(ModelSpec spec) {
    return forModel(spec, false);
  }

  /**
   * The settings the trainer uses for {@code spec}, in bfloat16 if asked.
   *
   * @throws IllegalArgumentException for bfloat16 where it cannot run: on a CPU without
   *     AVX512_BF16 or AMX, or with the GPU natives (the rewrite is oneDNN's, for the CPU)
   */
  public static EngineOptions forModel(ModelSpec spec, boolean bfloat16) {
    if (bfloat16) requireBfloat16(Cpu.thisMachine(), GpuKernels.PRESENT);
    return new EngineOptions(false, GpuKernels.PRESENT,
        spec.batchNorm() != BatchNormPlacement.NONE, bfloat16);
  }

  static void requireBfloat16(Cpu cpu, boolean gpuNatives) {
    if (gpuNatives) {
      throw new IllegalArgumentException("bfloat16 is TensorFlow's oneDNN rewrite for the CPU,"
          + " and the GPU natives are loaded: declare <bfloat16>false</bfloat16> for a GPU run");
    }
    if (!cpu.hasBfloat16()) {
      throw new IllegalArgumentException("bfloat16 needs a CPU with AVX512_BF16 or AMX, and"
          + " this one has neither (" + cpu.describe() + "): declare <bfloat16>false</bfloat16>");
    }
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
    if (bfloat16) {
      rewrites.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
      // grappler's other passes cost start time and no step time on the CPU
      if (!graphOptimizer) rewrites.addOptimizers(BFLOAT16_REWRITE);
    } else if (!graphOptimizer) {
      rewrites.setDisableMetaOptimizer(true);
    }
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
