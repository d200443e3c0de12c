package dev.vgp.spec;

/** Weight initialisation schemes. All are seeded by the experiment's seed. */
public enum Initialization {
  /**
   * PyTorch's defaults, as the reference ran: kernels and biases uniform(-1/sqrt(fan_in),
   * +1/sqrt(fan_in)). With this init VGG38 vanishes at initialisation.
   */
  REFERENCE,
  /** He (Kaiming) normal, std sqrt(2 / fan_in); biases zero. */
  HE,
  /** Glorot (Xavier) uniform, limit sqrt(6 / (fan_in + fan_out)); biases zero. */
  GLOROT
}
