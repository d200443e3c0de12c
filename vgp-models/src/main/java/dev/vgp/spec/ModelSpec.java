package dev.vgp.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One declarative description of every VGG variant of the study. VGG08 and VGG38, with or without
 * BN and residual connections, are values of this record; {@code VggGraphBuilder} turns any value
 * into a TensorFlow graph.
 *
 * <p>Layout: an entry block (conv without bias, BN, leaky ReLU), then {@code stages} stages of
 * {@code blocksPerStage} processing blocks (two convs without bias) each followed by a reduction
 * block (conv with bias, average pool 2x2, conv with bias), then global average pooling and a dense
 * layer to {@code numClasses} logits.
 */
public record ModelSpec(
    String name,
    @Setting(value = "Stages of processing blocks, each followed by a halving reduction block.",
        range = "[1, inf)")
    int stages,
    @Setting(value = "Processing blocks per stage: 0 gives VGG08, 5 gives VGG38.",
        range = "[0, inf)")
    int blocksPerStage,
    @Setting(value = "Channels of every conv.", range = "[1, inf)")
    int width,
    int numClasses,
    int inputChannels,
    int imageSize,
    @Setting("none, processing-blocks or all-block-convs (alias all: BN after every block conv,"
        + " the report's 339K parameters).")
    BatchNormPlacement batchNorm,
    @Setting("Identity skip connections around the processing blocks.")
    boolean residual,
    @Setting(value = "Negative slope of the leaky ReLU.", range = "[0, 1)")
    double leakySlope,
    @Setting("reference (PyTorch's defaults, as the study ran: VGG38 vanishes), he or glorot.")
    Initialization initialization) {

  public static final int KERNEL = 3;

  /** The reference's shallow model: 7 convs and one dense layer. */
  public static ModelSpec vgg08() {
    return new ModelSpec("VGG08", 3, 0, 32, 100, 3, 32, BatchNormPlacement.NONE, false, 0.01,
        Initialization.REFERENCE);
  }

  /** The reference's deep model: 37 convs and one dense layer; vanishes with the reference init. */
  public static ModelSpec vgg38() {
    return new ModelSpec("VGG38", 3, 5, 32, 100, 3, 32, BatchNormPlacement.NONE, false, 0.01,
        Initialization.REFERENCE);
  }

  /** A copy with one component changed, e.g. {@code with("residual", true)}. */
  public ModelSpec with(String component, Object value) {
    return Settings.with(this, Map.of(component, value));
  }

  /** Adapts the input and output to a dataset (e.g. Fashion-MNIST: 1 channel, 10 classes). */
  public ModelSpec forData(int channels, int size, int classes) {
    return Settings.with(this, Map.of("inputChannels", channels, "imageSize", size,
        "numClasses", classes));
  }

  /** Every problem with this specification, empty when it is buildable. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>(Settings.rangeProblems(this));
    if (numClasses < 2) problems.add("numClasses must be at least 2, was " + numClasses);
    if (inputChannels < 1) problems.add("inputChannels must be at least 1, was " + inputChannels);
    if (stages >= 1 && (imageSize < 1 || imageSize % (1 << stages) != 0)) {
      problems.add("imageSize " + imageSize + " must be a positive multiple of 2^stages = "
          + (1 << stages) + " (each stage halves the resolution)");
    }
    if (batchNorm == null) problems.add("batchNorm placement is missing");
    if (initialization == null) problems.add("initialization is missing");
    return problems;
  }

  /** Trainable parameters: kernels, biases, BN gammas and betas (moving statistics excluded). */
  public long parameterCount() {
    long conv = (long) KERNEL * KERNEL * width * width;
    long bn = 2L * width;
    long entry = (long) KERNEL * KERNEL * inputChannels * width + bn;
    long processingBlock = 2 * conv + (batchNorm.inProcessingBlocks() ? 2 * bn : 0);
    long reductionBlock = 2 * (conv + width) + (batchNorm.inReductionBlocks() ? 2 * bn : 0);
    long head = (long) width * numClasses + numClasses;
    return entry + stages * (blocksPerStage * processingBlock + reductionBlock) + head;
  }

  /**
   * Multiply-accumulates of one forward pass of one image through convs and the dense layer
   * (BN, activations and pooling are elementwise and left out, as is customary).
   */
  public long forwardMultiplyAccumulates() {
    long perPixelConv = (long) KERNEL * KERNEL * width * width;
    long size = imageSize;
    long macs = size * size * KERNEL * KERNEL * inputChannels * width;
    for (int stage = 0; stage < stages; stage++) {
      macs += blocksPerStage * 2L * size * size * perPixelConv;
      macs += size * size * perPixelConv; // reduction conv 0 before pooling
      size /= 2;
      macs += size * size * perPixelConv; // reduction conv 1 after pooling
    }
    return macs + (long) width * numClasses;
  }

  /**
   * Floating-point operations of one training step per image: forward (2 FLOPs per MAC) plus
   * backward (gradients with respect to inputs and to weights, each as costly as the forward).
   */
  public long trainingFlopsPerImage() {
    return 3 * 2 * forwardMultiplyAccumulates();
  }

  /**
   * The labels of the weight tensors whose gradients make the gradient flow, in network order, as
   * the reference names them (biases excluded, BN gammas included).
   */
  public List<String> gradientLayerLabels() {
    List<String> labels = new ArrayList<>();
    labels.add("input_conv_conv_0");
    labels.add("input_conv_bn_0");
    for (int stage = 0; stage < stages; stage++) {
      for (int block = 0; block < blocksPerStage; block++) {
        addConvLabels(labels, "block_" + stage + "_" + block, batchNorm.inProcessingBlocks());
      }
      addConvLabels(labels, "reduction_block_" + stage, batchNorm.inReductionBlocks());
    }
    labels.add("weight_logit_linear_layer");
    return labels;
  }

  private static void addConvLabels(List<String> labels, String block, boolean withBn) {
    for (int conv = 0; conv < 2; conv++) {
      labels.add(block + "_conv_" + conv);
      if (withBn) labels.add(block + "_bn_" + conv);
    }
  }

  /** A short human description, e.g. "VGG38 BN + RC (37 convs, 338,500 params, ...)". */
  public String describe() {
    return String.format(Locale.ROOT, "%s (%d convs, %,d params, BN %s, residual %s, init %s)",
        name, 1 + stages * (2 * blocksPerStage + 2), parameterCount(),
        Settings.text(batchNorm), residual, Settings.text(initialization));
  }
}
