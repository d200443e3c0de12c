package dev.vgp.model;

import dev.vgp.spec.Layer;
import dev.vgp.spec.ModelLayout;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import dev.vgp.spec.TrainingConfig;
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
 * Any {@link ModelSpec} as a TensorFlow graph, built layer by layer from its {@link ModelLayout}:
 * one training forward pass (BN on batch statistics) and one inference forward pass (BN on moving
 * statistics) over the same variables, with loss, accuracy and the registry of weight tensors
 * whose gradients make the gradient flow.
 *
 * <p>Inputs are uint8 NHWC images and int32 labels; casting, scaling to [0, 1] and per-channel
 * normalisation happen in the graph, so batches cross into TensorFlow at a quarter of the size.
 * Variables get flat names such as {@code block_0_1_conv_0.kernel} (nested scopes are slow to
 * build); every other op keeps TensorFlow's automatic name.
 */
public final class ModelGraph {

  /** A weight tensor whose gradient is one point of the gradient flow. */
  public record GradientLayer(String label, Variable<TFloat32> weight) {}

  /** What one forward pass computes from the shared inputs. */
  public record Forward(Operand<TFloat32> logits, Operand<TFloat32> loss,
      Operand<TFloat32> accuracy) {}

  private enum Mode { TRAINING, INFERENCE }

  private final Ops tf;
  private final ModelSpec spec;
  private final ModelLayout layout;
  private final InitialValues initialValues;
  private final boolean bfloat16;
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

  private ModelGraph(Ops tf, ModelSpec spec, Normalization normalization,
      TrainingConfig training) {
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
    this.layout = spec.layout();
    this.initialValues = new InitialValues(spec.initialization(), training.seed());
    this.bfloat16 = training.bfloat16();
    this.images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(
        Shape.of(-1, spec.imageSize(), spec.imageSize(), spec.inputChannels())));
    this.labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> input = normalized(images, normalization);
    this.training = forward(input, Mode.TRAINING, training.labelSmoothing());
    this.inference = forward(input, Mode.INFERENCE, 0);
  }

  /**
   * Builds {@code spec} into the graph behind {@code tf} for {@code training}: the same seed
   * gives the same weights, the training pass's loss smooths its one-hot targets by its
   * labelSmoothing (0: off), and with bfloat16 the graph avoids what TensorFlow computes wrong
   * in it.
   */
  public static ModelGraph build(Ops tf, ModelSpec spec, Normalization normalization,
      TrainingConfig training) {
    return new ModelGraph(tf, spec, normalization, training);
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

  /** Everything the optimizer updates: kernels, biases, BN gammas and betas, scalars. */
  public List<Variable<TFloat32>> trainableVariables() {
    return List.copyOf(trainableVariables);
  }

  /** Assignments of the new BN moving statistics; run them with each training step. */
  public List<Op> movingStatisticUpdates() {
    return List.copyOf(movingStatisticUpdates);
  }

  // ---- the network, layer by layer as the layout lists it ----

  private Forward forward(Operand<TFloat32> input, Mode mode, double labelSmoothing) {
    Operand<TFloat32> logits = apply(layout.layers(), input, mode);
    return new Forward(logits, loss(logits, labelSmoothing), accuracy(logits));
  }

  private Operand<TFloat32> apply(List<Layer> layers, Operand<TFloat32> input, Mode mode) {
    Operand<TFloat32> x = input;
    for (Layer layer : layers) x = apply(layer, x, mode);
    return x;
  }

  private Operand<TFloat32> apply(Layer layer, Operand<TFloat32> x, Mode mode) {
    if (layer instanceof Layer.Conv conv) return conv(x, conv);
    if (layer instanceof Layer.BatchNorm bn) return batchNorm(x, bn, mode);
    if (layer instanceof Layer.LeakyRelu relu) {
      return tf.nn.leakyRelu(x, LeakyRelu.alpha((float) relu.slope()));
    }
    if (layer instanceof Layer.AveragePool pool) {
      List<Long> window = List.of(1L, (long) pool.window(), (long) pool.window(), 1L);
      return tf.nn.avgPool(x, window, window, "VALID");
    }
    if (layer instanceof Layer.Scale scale) {
      return tf.math.mul(x, trainable(scale.label() + ".scale", Shape.scalar(),
          () -> new float[] {(float) scale.initial()}));
    }
    if (layer instanceof Layer.ScalarBias bias) {
      return tf.math.add(x, trainable(bias.label() + ".bias", Shape.scalar(),
          () -> new float[] {0f}));
    }
    if (layer instanceof Layer.Residual residual) {
      return tf.math.add(apply(residual.branch(), x, mode), x);
    }
    if (layer instanceof Layer.GlobalAveragePool) {
      return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    }
    if (layer instanceof Layer.Dense dense) return dense(x, dense);
    throw new IllegalArgumentException("no graph for layer " + layer);
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

  private Operand<TFloat32> conv(Operand<TFloat32> x, Layer.Conv conv) {
    String label = conv.label();
    int k = conv.kernel();
    int in = conv.inputChannels();
    int out = conv.outputChannels();
    Variable<TFloat32> kernel = trainable(label + ".kernel", Shape.of(k, k, in, out),
        () -> initialValues.kernel(label + ".kernel", k * k * in * out, conv.fanIn(),
            conv.fanOut(), conv.initScale()));
    registerGradientLayer(label, kernel);
    Operand<TFloat32> input = x;
    Operand<TFloat32> filter = kernel;
    if (bfloat16 && in > 1 && in % 2 == 1) {
      // TF 2.18's oneDNN convolves an odd number of input channels (CIFAR's 3; not 1) wrong in
      // bfloat16 (the entry conv's gradient off by half): one zero channel more is exact
      input = tf.pad(x, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 1}}),
          tf.constant(0f));
      filter = tf.pad(kernel, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 0}}),
          tf.constant(0f));
    }
    Operand<TFloat32> y = tf.nn.conv2d(input, filter, List.of(1L, 1L, 1L, 1L), "SAME");
    if (!conv.bias()) return y;
    Variable<TFloat32> bias = trainable(label + ".bias", Shape.of(out),
        () -> initialValues.bias(label + ".bias", out, conv.fanIn()));
    return tf.nn.biasAdd(y, bias);
  }

  private Operand<TFloat32> dense(Operand<TFloat32> x, Layer.Dense dense) {
    String name = dense.name();
    int in = dense.inputs();
    int out = dense.outputs();
    Variable<TFloat32> weight = trainable(name + ".weight", Shape.of(in, out),
        () -> initialValues.kernel(name + ".weight", in * out, in, out, 1));
    registerGradientLayer(dense.label(), weight);
    Variable<TFloat32> bias = trainable(name + ".bias", Shape.of(out),
        () -> initialValues.bias(name + ".bias", out, in));
    return tf.nn.biasAdd(tf.linalg.matMul(x, weight), bias);
  }

  private Operand<TFloat32> batchNorm(Operand<TFloat32> x, Layer.BatchNorm layer, Mode mode) {
    BatchNorm bn = batchNorms.computeIfAbsent(layer.label(), l -> {
      BatchNorm created = new BatchNorm(tf, l, layer.channels(), (float) layer.initialGamma());
      trainableVariables.add(created.gamma);
      trainableVariables.add(created.beta);
      registerGradientLayer(l, created.gamma);
      return created;
    });
    return mode == Mode.TRAINING ? bn.training(x, movingStatisticUpdates) : bn.inference(x);
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
