package dev.vgp.spec;

import dev.vgp.spec.Layer.AveragePool;
import dev.vgp.spec.Layer.BatchNorm;
import dev.vgp.spec.Layer.Conv;
import dev.vgp.spec.Layer.Dense;
import dev.vgp.spec.Layer.GlobalAveragePool;
import dev.vgp.spec.Layer.LeakyRelu;
import dev.vgp.spec.Layer.Residual;
import dev.vgp.spec.Layer.ScalarBias;
import dev.vgp.spec.Layer.Scale;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model's layers in network order, a residual sum holding its branch: the one place a
 * {@link ModelSpec} is laid out. The graph is built from it, and the parameter count, the
 * multiply-adds and the gradient flow's layers are read off it, so they cannot disagree.
 */
public record ModelLayout(List<Layer> layers) {

  public ModelLayout {
    layers = List.copyOf(layers);
  }

  /**
   * The reference's VGG: an entry block (conv without bias, BN, leaky ReLU), then per stage its
   * processing blocks (conv, [BN], lrelu, conv, [BN], [+ block input], lrelu; convs without bias)
   * and a reduction block (conv with bias, [BN], lrelu, average pool 2x2, conv with bias, [BN],
   * lrelu; never residual), then the global average pool and a dense layer to the classes. A
   * residual branch starts as {@link ModelSpec#branchInit()} says.
   */
  public static ModelLayout of(ModelSpec spec) {
    LeakyRelu relu = new LeakyRelu(spec.leakySlope());
    int width = spec.width();
    int size = spec.imageSize();
    BranchInit branchInit = spec.residual() ? spec.branchInit() : BranchInit.NONE;
    List<Layer> layers = new ArrayList<>();
    layers.add(new Conv("input_conv_conv_0", ModelSpec.KERNEL, spec.inputChannels(), width, size,
        false, 1));
    layers.add(new BatchNorm("input_conv_bn_0", width, 1)); // the entry BN is in every model
    layers.add(relu);
    for (int stage = 0; stage < spec.stages(); stage++) {
      boolean bn = spec.batchNorm().inProcessingBlocks();
      for (int block = 0; block < spec.blocksPerStage(); block++) {
        String name = "block_" + stage + "_" + block;
        List<Layer> branch = branch(name, width, size, bn, relu, branchInit,
            spec.stages() * spec.blocksPerStage());
        if (spec.residual()) {
          layers.add(new Residual(branch));
        } else {
          layers.addAll(branch);
        }
        layers.add(relu);
      }
      String name = "reduction_block_" + stage;
      bn = spec.batchNorm().inReductionBlocks();
      layers.addAll(convolution(name, 0, width, size, true, 1, bn, 1));
      layers.add(relu);
      layers.add(new AveragePool(2));
      size /= 2;
      layers.addAll(convolution(name, 1, width, size, true, 1, bn, 1));
      layers.add(relu);
    }
    layers.add(new GlobalAveragePool());
    if (branchInit == BranchInit.FIXUP) layers.add(new ScalarBias("logit_linear_layer_input"));
    layers.add(new Dense("logit_linear_layer", "weight_logit_linear_layer", width,
        spec.numClasses()));
    return new ModelLayout(layers);
  }

  /**
   * A processing block's two convs, each with its BN when {@code bn}, and the activation between
   * them, started as {@code init} says among {@code branches} residual branches.
   */
  private static List<Layer> branch(String name, int width, int size, boolean bn,
      LeakyRelu relu, BranchInit init, int branches) {
    List<Layer> branch = new ArrayList<>();
    if (init == BranchInit.FIXUP) {
      // Zhang et al.'s rule for m = 2 layers per branch: scale L^(-1/(2m-2)), the last at zero
      branch.add(new ScalarBias(name + "_bias_0"));
      branch.addAll(convolution(name, 0, width, size, false, 1 / Math.sqrt(branches), bn, 1));
      branch.add(new ScalarBias(name + "_bias_1"));
      branch.add(relu);
      branch.add(new ScalarBias(name + "_bias_2"));
      branch.addAll(convolution(name, 1, width, size, false, 0, bn, 1));
      branch.add(new Scale(name + "_scale", 1));
      branch.add(new ScalarBias(name + "_bias_3"));
      return branch;
    }
    branch.addAll(convolution(name, 0, width, size, false, 1, bn, 1));
    branch.add(relu);
    branch.addAll(convolution(name, 1, width, size, false, 1, bn,
        init == BranchInit.ZERO_GAMMA ? 0 : 1));
    if (init == BranchInit.REZERO) branch.add(new Scale(name + "_scale", 0));
    return branch;
  }

  /**
   * A block's {@code index}th conv (width to width channels), its kernel initialised at
   * {@code initScale} of its scheme's, and with {@code bn} its BN, starting at {@code gamma}.
   */
  private static List<Layer> convolution(String block, int index, int width, int size,
      boolean bias, double initScale, boolean bn, double gamma) {
    Conv conv = new Conv(block + "_conv_" + index, ModelSpec.KERNEL, width, width, size, bias,
        initScale);
    return bn ? List.of(conv, new BatchNorm(block + "_bn_" + index, width, gamma))
        : List.of(conv);
  }

  /** Every layer in network order, a residual sum followed by the layers of its branch. */
  public Stream<Layer> flattened() {
    return flattened(layers);
  }

  private static Stream<Layer> flattened(List<Layer> layers) {
    return layers.stream().flatMap(layer -> layer instanceof Residual residual
        ? Stream.concat(Stream.of(layer), flattened(residual.branch()))
        : Stream.of(layer));
  }

  /** Trainable parameters: kernels, biases, BN gammas and betas (moving statistics excluded). */
  public long parameterCount() {
    return flattened().mapToLong(Layer::parameters).sum();
  }

  /** Multiply-accumulates of one forward pass of one image (see {@link Layer}). */
  public long forwardMultiplyAccumulates() {
    return flattened().mapToLong(Layer::multiplyAccumulates).sum();
  }

  /**
   * The labels of the weight tensors whose gradients make the gradient flow, in network order, as
   * the reference names them (biases excluded, BN gammas included).
   */
  public List<String> gradientLayerLabels() {
    return flattened().map(Layer::gradientLabel).flatMap(Optional::stream).toList();
  }

  public int convs() {
    return (int) flattened().filter(Conv.class::isInstance).count();
  }

  /** Convs and dense layers: what a VGG's depth counts. */
  public int weightLayers() {
    return (int) flattened().filter(l -> l instanceof Conv || l instanceof Dense).count();
  }
}
