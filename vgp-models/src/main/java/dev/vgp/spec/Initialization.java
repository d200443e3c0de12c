package dev.vgp.spec;

/**
 * Weight initialisation schemes. All are seeded by the experiment's seed. Each names the
 * distribution of a kernel's and a bias's values once: the graph draws from it and the
 * prediction of the gradient flow at initialisation reads its variance.
 */
public enum Initialization {
  /**
   * PyTorch's defaults, as the reference ran: kernels and biases uniform(-1/sqrt(fan_in),
   * +1/sqrt(fan_in)). With this init VGG38 vanishes at initialisation.
   */
  REFERENCE,
  /** He (Kaiming) normal, std sqrt(2 / fan_in); biases zero. */
  HE,
  /** Glorot (Xavier) uniform, limit sqrt(6 / (fan_in + fan_out)); biases zero. */
  GLOROT;

  /** Zero-mean values, uniform in (-scale, scale) or normal with standard deviation scale. */
  public record Distribution(boolean normal, double scale) {

    public double variance() {
      return normal ? scale * scale : scale * scale / 3;
    }

    /** This distribution with its values multiplied by {@code factor}. */
    public Distribution times(double factor) {
      return new Distribution(normal, scale * Math.abs(factor));
    }
  }

  /** The values of a kernel feeding from {@code fanIn} inputs into {@code fanOut} outputs. */
  public Distribution kernel(int fanIn, int fanOut) {
    return switch (this) {
      // PyTorch's default: kaiming_uniform(a = sqrt(5)) reduces to uniform(+-1/sqrt(fan_in)).
      case REFERENCE -> new Distribution(false, 1 / Math.sqrt(fanIn));
      case HE -> new Distribution(true, Math.sqrt(2.0 / fanIn));
      case GLOROT -> new Distribution(false, Math.sqrt(6.0 / (fanIn + fanOut)));
    };
  }

  /** The values of a bias of a layer with {@code fanIn} inputs: only the reference draws them. */
  public Distribution bias(int fanIn) {
    return new Distribution(false, this == REFERENCE ? 1 / Math.sqrt(fanIn) : 0);
  }
}
