package dev.vgp.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One declarative description of every VGG variant of the study. VGG08 and VGG38, with or without
 * BN and residual connections, are values of this record; {@link ModelLayout#of} lays any value
 * out as layers, from which the graph is built and its parameters and multiply-adds counted.
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
    Initialization initialization,
    @Setting(value = "How each residual branch starts: none; zero-gamma (its last BN at gamma 0;"
        + " needs BN), rezero (times a trainable scalar 0) or fixup (no BN, branch convs rescaled,"
        + " the last at 0, scalar biases and multiplier). Needs residual.", off = "none")
    BranchInit branchInit) {

  public static final int KERNEL = 3;

  /** The reference's shallow model: 7 convs and one dense layer. */
  public static ModelSpec vgg08() {
    return reference(0);
  }

  /** The reference's deep model: 37 convs and one dense layer; vanishes with the reference init. */
  public static ModelSpec vgg38() {
    return reference(5);
  }

  /** The models an experiment's {@code <model>} names, by that name: vgg08 and vgg38. */
  public static Map<String, ModelSpec> named() {
    Map<String, ModelSpec> named = new LinkedHashMap<>();
    for (ModelSpec model : List.of(vgg08(), vgg38())) {
      named.put(model.name().toLowerCase(Locale.ROOT), model);
    }
    return named;
  }

  private static ModelSpec reference(int blocksPerStage) {
    return new ModelSpec("", 3, blocksPerStage, 32, 100, 3, 32, BatchNormPlacement.NONE, false,
        0.01, Initialization.REFERENCE, BranchInit.NONE).withDepthName();
  }

  /** "VGG08", "VGG38": VGG and the number of weight layers (convs and the dense layer). */
  public String depthName() {
    return String.format(Locale.ROOT, "VGG%02d", layout().weightLayers());
  }

  /** This model named by its depth, so that the name never disagrees with the layout it names. */
  public ModelSpec withDepthName() {
    return with("name", depthName());
  }

  /**
   * The cures of the vanishing gradient this model has, as the study names them: "BN" (in any
   * placement), then "RC", then how its branches start ("ReZero"); empty for a plain VGG.
   */
  public List<String> cures() {
    List<String> cures = new ArrayList<>();
    if (batchNorm != BatchNormPlacement.NONE) cures.add("BN");
    if (residual) cures.add("RC");
    if (branchInit != BranchInit.NONE) cures.add(branchInit.cureName());
    return cures;
  }

  /** As the study names a model: its depth, then its cures, e.g. "VGG38 BN + RC". */
  public String studyName() {
    List<String> cures = cures();
    return cures.isEmpty() ? depthName() : depthName() + " " + String.join(" + ", cures);
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
    if (branchInit != BranchInit.NONE) {
      String cure = "branchInit " + Settings.text(branchInit);
      if (!residual) problems.add(cure + " starts residual branches: it needs residual true");
      if (branchInit == BranchInit.ZERO_GAMMA && batchNorm != null
          && !batchNorm.inProcessingBlocks()) {
        problems.add(cure + " zeroes the last BN of each branch: it needs batchNorm"
            + " processing-blocks or all");
      }
      if (branchInit == BranchInit.FIXUP && batchNorm != null
          && batchNorm != BatchNormPlacement.NONE) {
        problems.add(cure + " replaces BN: it needs batchNorm none");
      }
    }
    return problems;
  }

  /** This model's layers, from which the graph is built and everything below is counted. */
  public ModelLayout layout() {
    return ModelLayout.of(this);
  }

  /** Trainable parameters: kernels, biases, BN gammas and betas (moving statistics excluded). */
  public long parameterCount() {
    return layout().parameterCount();
  }

  /** Multiply-accumulates of one forward pass of one image (see {@link Layer}). */
  public long forwardMultiplyAccumulates() {
    return layout().forwardMultiplyAccumulates();
  }

  /**
   * Floating-point operations of one training step per image: forward (2 FLOPs per MAC) plus
   * backward (gradients with respect to inputs and to weights, each as costly as the forward).
   */
  public long trainingFlopsPerImage() {
    return 3 * 2 * forwardMultiplyAccumulates();
  }

  /** The gradient flow's layers in network order (see {@link ModelLayout#gradientLayerLabels}). */
  public List<String> gradientLayerLabels() {
    return layout().gradientLayerLabels();
  }

  /** A short human description, e.g. "VGG38 BN + RC (37 convs, 338,500 params, ...)". */
  public String describe() {
    ModelLayout layout = layout();
    return String.format(Locale.ROOT, "%s (%d convs, %,d params, BN %s, residual %s, init %s%s)",
        name, layout.convs(), layout.parameterCount(),
        Settings.text(batchNorm), residual, Settings.text(initialization),
        branchInit == BranchInit.NONE ? "" : ", branches " + Settings.text(branchInit));
  }
}
