package dev.vgp.spec;

import dev.vgp.spec.Layer.AveragePool;
import dev.vgp.spec.Layer.BatchNorm;
import dev.vgp.spec.Layer.Conv;
import dev.vgp.spec.Layer.Dense;
import dev.vgp.spec.Layer.GlobalAveragePool;
import dev.vgp.spec.Layer.LeakyRelu;
import dev.vgp.spec.Layer.Residual;
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
   * lrelu; never residual), then the global average pool and a dense layer to the classes.
   */
  public static ModelLayout of(ModelSpec spec) {
    LeakyRelu relu = new LeakyRelu(spec.leakySlope());
    int width = spec.width();
    int size = spec.imageSize();
    List<Layer> layers = new ArrayList<>();
    layers.add(new Conv("input_conv_conv_0", ModelSpec.KERNEL, spec.inputChannels(), width, size,
        false));
    layers.add(new BatchNorm("input_conv_bn_0", width)); // the entry BN is in every model
    layers.add(relu);
    for (int stage = 0; stage < spec.stages(); stage++) {
      boolean bn = spec.batchNorm().inProcessingBlocks();
      for (int block = 0; block < spec.blocksPerStage(); block++) {
        String name = "block_" + stage + "_" + block;
        List<Layer> branch = new ArrayList<>(convolution(name, 0, width, size, false, bn));
        branch.add(relu);
        branch.addAll(convolution(name, 1, width, size, false, bn));
        if (spec.residual()) {
          layers.add(new Residual(branch));
        } else {
          layers.addAll(branch);
        }
        layers.add(relu);
      }
      String name = "reduction_block_" + stage;
      bn = spec.batchNorm().inReductionBlocks();
      layers.addAll(convolution(name, 0, width, size, true, bn));
      layers.add(relu);
      layers.add(new AveragePool(2));
      size /= 2;
      layers.addAll(convolution(name, 1, width, size, true, bn));
      layers.add(relu);
    }
    layers.add(new GlobalAveragePool());
    layers.add(new Dense("logit_linear_layer", "weight_logit_linear_layer", width,
        spec.numClasses()));
    return new ModelLayout(layers);
  }

  /** A block's {@code index}th conv (width to width channels) and, with {@code bn}, its BN. */
  private static List<Layer> convolution(String block, int index, int width, int size,
      boolean bias, boolean bn) {
    Conv conv = new Conv(block + "_conv_" + index, ModelSpec.KERNEL, width, width, size, bias);
    return bn ? List.of(conv, new BatchNorm(block + "_bn_" + index, width)) : List.of(conv);
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
