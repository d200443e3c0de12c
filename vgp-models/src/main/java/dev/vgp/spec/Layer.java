package dev.vgp.spec;

import java.util.List;
import java.util.Optional;

/**
 * One layer of a {@link ModelLayout}, with what it is made of: channels, spatial size, fan-in,
 * bias or not. The graph builder turns each into TensorFlow ops; everything counted about a model
 * (parameters, multiply-adds, the layers of the gradient flow) is read off the same layers.
 */
public sealed interface Layer {

  /** This layer's own trainable parameters (a residual sum's branch counts its own). */
  default long parameters() {
    return 0;
  }

  /**
   * Multiply-accumulates of one forward pass of one image: convs and dense layers only (BN,
   * activations and pooling are elementwise and left out, as is customary).
   */
  default long multiplyAccumulates() {
    return 0;
  }

  /** The label of the weight whose gradient is one point of the gradient flow, if it has one. */
  default Optional<String> gradientLabel() {
    return Optional.empty();
  }

  /**
   * A {@code kernel} x {@code kernel} convolution, stride 1, SAME padding, over a {@code size} x
   * {@code size} input. Its variables are {@code <label>.kernel} and {@code <label>.bias}.
   *
   * @param initScale what its initial kernel values are multiplied by: 1, but Fixup's rescaled
   *     (and zeroed) residual-branch convs
   */
  record Conv(String label, int kernel, int inputChannels, int outputChannels, int size,
      boolean bias, double initScale) implements Layer {

    public int fanIn() {
      return kernel * kernel * inputChannels;
    }

    public int fanOut() {
      return kernel * kernel * outputChannels;
    }

    @Override
    public long parameters() {
      return (long) fanIn() * outputChannels + (bias ? outputChannels : 0);
    }

    @Override
    public long multiplyAccumulates() {
      return (long) size * size * fanIn() * outputChannels;
    }

    @Override
    public Optional<String> gradientLabel() {
      return Optional.of(label);
    }
  }

  /**
   * Batch normalisation over {@code channels}: a trainable gamma (whose gradient is plotted) and
   * beta, and moving statistics, which are not parameters.
   *
   * @param initialGamma 1, or 0 for the last BN of a residual branch under zero-gamma
   */
  record BatchNorm(String label, int channels, double initialGamma) implements Layer {

    @Override
    public long parameters() {
      return 2L * channels;
    }

    @Override
    public Optional<String> gradientLabel() {
      return Optional.of(label);
    }
  }

  /** max(x, slope * x). */
  record LeakyRelu(double slope) implements Layer {}

  /** Average pooling over {@code window} x {@code window}, stride {@code window}. */
  record AveragePool(int window) implements Layer {}

  /**
   * One trainable scalar multiplying its input, variable {@code <label>.scale}: ReZero's (and
   * SkipInit's) zero-initialised branch multiplier, Fixup's multiplier 1. Like a bias it is no
   * layer of the gradient flow: its gradient sums over a whole activation, every channel and
   * position, and would dwarf the kernels' means it is compared with.
   */
  record Scale(String label, double initial) implements Layer {

    @Override
    public long parameters() {
      return 1;
    }
  }

  /** One trainable scalar, 0 at first, added to its input (Fixup's), variable {@code <label>.bias}. */
  record ScalarBias(String label) implements Layer {

    @Override
    public long parameters() {
      return 1;
    }
  }

  /** The identity skip: {@code branch(x) + x}. */
  record Residual(List<Layer> branch) implements Layer {

    public Residual {
      branch = List.copyOf(branch);
    }
  }

  /** The mean over the spatial dimensions: one value per channel. */
  record GlobalAveragePool() implements Layer {}

  /**
   * A fully connected layer with bias; its variables are {@code <name>.weight} and
   * {@code <name>.bias}, its weight plotted as {@code label}.
   */
  record Dense(String name, String label, int inputs, int outputs) implements Layer {

    @Override
    public long parameters() {
      return (long) inputs * outputs + outputs;
    }

    @Override
    public long multiplyAccumulates() {
      return (long) inputs * outputs;
    }

    @Override
    public Optional<String> gradientLabel() {
      return Optional.of(label);
    }
  }
}
