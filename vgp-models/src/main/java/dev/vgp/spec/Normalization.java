package dev.vgp.spec;

/** Per-channel input normalisation applied to pixels scaled to [0, 1]: (x - mean) / std. */
public record Normalization(float[] mean, float[] std) {

  /** CIFAR-10's constants, which the reference uses unchanged on CIFAR-100. */
  public static Normalization cifar() {
    return new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f},
        new float[] {0.2023f, 0.1994f, 0.2010f});
  }

  /** Fashion-MNIST's training-set mean and std. */
  public static Normalization fashionMnist() {
    return new Normalization(new float[] {0.2860f}, new float[] {0.3530f});
  }

  public int channels() {
    return mean.length;
  }
}
