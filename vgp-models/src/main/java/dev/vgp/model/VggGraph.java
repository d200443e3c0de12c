package dev.vgp.model;

import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Any {@link ModelSpec} as a TensorFlow graph: one training forward pass (BN on batch statistics)
 * and one inference forward pass (BN on moving statistics) over the same variables, with loss,
 * accuracy and the registry of weight tensors whose gradients make the gradient flow.
 *
 * <p>Inputs are uint8 NHWC images and int32 labels; casting, scaling to [0, 1] and per-channel
 * normalisation happen in the graph, so batches cross into TensorFlow at a quarter of the size.
 * Variables get flat names such as {@code block_0_1_conv_0.kernel} (nested scopes are slow to
 * build); every other op keeps TensorFlow's automatic name.
 */
public final class VggGraph {

  /** A weight tensor whose gradient is one point of the gradient flow. */
  public record GradientLayer(String label, Variable<TFloat32> weight) {}

  /** What one forward pass computes from the shared inputs. */
  public record Forward(Operand<TFloat32> logits, Operand<TFloat32> loss,
      Operand<TFloat32> accuracy) {}

  private enum Mode { TRAINING, INFERENCE }

  private final Ops tf;
  private final ModelSpec spec;
  private final InitialValues initialValues;
  /** Kernels and biases by variable name; BN layers by label: both passes share them. */
  private final Map<String, Variable<TFloat32>> weightsByName = new LinkedHashMap<>();
  private final Map<String, BatchNorm> batchNorms = new LinkedHashMap<>();
  private final List<Variable<TFloat32>> trainableVariables = new ArrayList<>();
  private final Map<String, Variable<TFloat32>> gradientLayers = new LinkedHashMap<>();
  private final List<Op> movingStatisticUpdates = new ArrayList<>();
  private final Placeholder<TUint8> images;
  private final Placeholder<TInt32> labels;
  private final Forward training;
  private final Forward inference;

  private VggGraph(Ops tf, ModelSpec spec, Normalization normalization, long seed,
      double labelSmoothing) {
    List<String> problems = spec.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("model " + spec.name() + " cannot be built: "
          + String.join("; ", problems));
    }
    if (normalization.channels() != spec.inputChannels()) {
      throw new IllegalArgumentException("the data's normalisation has "
          + normalization.channels() + " channels but model " + spec.name() + " expects "
          + spec.inputChannels() + "; adapt the model with ModelSpec.forData(...)");
    }
    this.tf = tf;
    this.spec = spec;
    this.initialValues = new InitialValues(spec.initialization(), seed);
    this.images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(
        Shape.of(-1, spec.imageSize(), spec.imageSize(), spec.inputChannels())));
    this.labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> input = normalized(images, normalization);
    this.training = forward(input, Mode.TRAINING, labelSmoothing);
    this.inference = forward(input, Mode.INFERENCE, 0);
  }

  /**
   * Builds {@code spec} into the graph behind {@code tf}; the same seed gives the same weights.
   * The training pass's loss smooths its one-hot targets by {@code labelSmoothing} (0: off).
   */
  public static VggGraph build(Ops tf, ModelSpec spec, Normalization normalization, long seed,
      double labelSmoothing) {
    return new VggGraph(tf, spec, normalization, seed, labelSmoothing);
  }

  public ModelSpec spec() {
    return spec;
  }

  /** uint8 images, shape [batch, height, width, channels]. */
  public Placeholder<TUint8> images() {
    return images;
  }

  /** int32 class indices, shape [batch]. */
  public Placeholder<TInt32> labels() {
    return labels;
  }

  /** The forward pass in training mode: BN normalises with the batch's statistics. */
  public Forward training() {
    return training;
  }

  /** The forward pass in inference mode: BN normalises with the moving statistics. */
  public Forward inference() {
    return inference;
  }

  /** Kernels and BN gammas in network order, labelled as {@link ModelSpec#gradientLayerLabels()}. */
  public List<GradientLayer> gradientLayers() {
    return gradientLayers.entrySet().stream()
        .map(e -> new GradientLayer(e.getKey(), e.getValue())).toList();
  }

  /** Everything the optimizer updates: kernels, biases, BN gammas and betas. */
  public List<Variable<TFloat32>> trainableVariables() {
    return List.copyOf(trainableVariables);
  }

  /** Assignments of the new BN moving statistics; run them with each training step. */
  public List<Op> movingStatisticUpdates() {
    return List.copyOf(movingStatisticUpdates);
  }

  // ---- the network, as the reference lays it out ----

  private Forward forward(Operand<TFloat32> input, Mode mode, double labelSmoothing) {
    Operand<TFloat32> x = conv(input, "input_conv_conv_0", false);
    x = leakyRelu(batchNorm(x, "input_conv_bn_0", mode)); // the entry BN is in every model
    for (int stage = 0; stage < spec.stages(); stage++) {
      for (int block = 0; block < spec.blocksPerStage(); block++) {
        x = processingBlock(x, "block_" + stage + "_" + block, mode);
      }
      x = reductionBlock(x, "reduction_block_" + stage, mode);
    }
    Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
    Operand<TFloat32> logits = dense(pooled, "logit_linear_layer", "weight_logit_linear_layer");
    return new Forward(logits, loss(logits, labelSmoothing), accuracy(logits));
  }

  private Operand<TFloat32> processingBlock(Operand<TFloat32> input, String name, Mode mode) {
    boolean bn = spec.batchNorm().inProcessingBlocks();
    Operand<TFloat32> x = conv(input, name + "_conv_0", false);
    x = leakyRelu(bn ? batchNorm(x, name + "_bn_0", mode) : x);
    x = conv(x, name + "_conv_1", false);
    if (bn) x = batchNorm(x, name + "_bn_1", mode);
    if (spec.residual()) x = tf.math.add(x, input);
    return leakyRelu(x);
  }

  private Operand<TFloat32> reductionBlock(Operand<TFloat32> input, String name, Mode mode) {
    boolean bn = spec.batchNorm().inReductionBlocks();
    Operand<TFloat32> x = conv(input, name + "_conv_0", true);
    x = leakyRelu(bn ? batchNorm(x, name + "_bn_0", mode) : x);
    x = tf.nn.avgPool(x, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
    x = conv(x, name + "_conv_1", true);
    return leakyRelu(bn ? batchNorm(x, name + "_bn_1", mode) : x);
  }

  // ---- layers ----

  private Operand<TFloat32> normalized(Operand<TUint8> pixels, Normalization normalization) {
    int channels = normalization.channels();
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      // (x / 255 - mean) / std as one multiply and one subtract
      scale[c] = 1f / (255f * normalization.std()[c]);
      shift[c] = normalization.mean()[c] / normalization.std()[c];
    }
    Operand<TFloat32> x = tf.dtypes.cast(pixels, TFloat32.class);
    return tf.math.sub(tf.math.mul(x, tf.constant(scale)), tf.constant(shift));
  }

  /** 3x3 convolution, stride 1, SAME padding, with the width of the spec as output channels. */
  private Operand<TFloat32> conv(Operand<TFloat32> x, String label, boolean withBias) {
    int in = (int) x.shape().get(3);
    int out = spec.width();
    int k = ModelSpec.KERNEL;
    int fanIn = k * k * in;
    Variable<TFloat32> kernel = trainable(label + ".kernel", Shape.of(k, k, in, out),
        () -> initialValues.kernel(label + ".kernel", k * k * in * out, fanIn, k * k * out));
    registerGradientLayer(label, kernel);
    Operand<TFloat32> y = tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    if (!withBias) return y;
    Variable<TFloat32> bias = trainable(label + ".bias", Shape.of(out),
        () -> initialValues.bias(label + ".bias", out, fanIn));
    return tf.nn.biasAdd(y, bias);
  }

  private Operand<TFloat32> dense(Operand<TFloat32> x, String name, String label) {
    int in = (int) x.shape().get(1);
    int out = spec.numClasses();
    Variable<TFloat32> weight = trainable(name + ".weight", Shape.of(in, out),
        () -> initialValues.kernel(name + ".weight", in * out, in, out));
    registerGradientLayer(label, weight);
    Variable<TFloat32> bias = trainable(name + ".bias", Shape.of(out),
        () -> initialValues.bias(name + ".bias", out, in));
    return tf.nn.biasAdd(tf.linalg.matMul(x, weight), bias);
  }

  private Operand<TFloat32> batchNorm(Operand<TFloat32> x, String label, Mode mode) {
    BatchNorm bn = batchNorms.computeIfAbsent(label, l -> {
      BatchNorm created = new BatchNorm(tf, l, (int) x.shape().get(3));
      trainableVariables.add(created.gamma);
      trainableVariables.add(created.beta);
      registerGradientLayer(l, created.gamma);
      return created;
    });
    return mode == Mode.TRAINING ? bn.training(x, movingStatisticUpdates) : bn.inference(x);
  }

  private Operand<TFloat32> leakyRelu(Operand<TFloat32> x) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha((float) spec.leakySlope()));
  }

  private Operand<TFloat32> loss(Operand<TFloat32> logits, double labelSmoothing) {
    // One-hot + dense cross-entropy: the sparse op has no gradient in TF Java's C API. Smoothing
    // only moves the one-hot's two values, so at 0 the graph is the unsmoothed one exactly.
    float other = (float) (labelSmoothing / spec.numClasses());
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(spec.numClasses()),
        tf.constant((float) (1 - labelSmoothing) + other), tf.constant(other));
    Operand<TFloat32> perImage = tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
    return tf.math.mean(perImage, tf.constant(0));
  }

  private Operand<TFloat32> accuracy(Operand<TFloat32> logits) {
    Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
    Operand<TFloat32> correct = tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class);
    return tf.math.mean(correct, tf.constant(0));
  }

  // ---- variables, shared by both passes: the second pass finds them by name ----

  private Variable<TFloat32> trainable(String name, Shape shape, Supplier<float[]> initial) {
    return weightsByName.computeIfAbsent(name, n -> {
      Variable<TFloat32> v = newVariable(tf, n, shape, initial.get());
      trainableVariables.add(v);
      return v;
    });
  }

  private static Variable<TFloat32> newVariable(Ops tf, String name, Shape shape,
      float[] values) {
    return tf.withName(name).variable(
        tf.withInitScope().constant(shape, DataBuffers.of(values, true, false)));
  }

  /**
   * A variable of {@code shape} that starts at {@code value} everywhere (BN's gammas, betas and
   * moving statistics, Adam's moments). Built with fill rather than tf.zeros or tf.ones: those
   * open a sub-scope, and TF Java names a sub-scope by scanning every op in the graph, which made
   * VGG38's 300 Adam slots take 2 s.
   */
  public static Variable<TFloat32> filledVariable(Ops tf, String name, Shape shape,
      float value) {
    Ops init = tf.withInitScope();
    return tf.withName(name).variable(
        init.fill(init.constant(shape.asArray()), init.constant(value)));
  }

  private void registerGradientLayer(String label, Variable<TFloat32> weight) {
    gradientLayers.putIfAbsent(label, weight);
  }
}
