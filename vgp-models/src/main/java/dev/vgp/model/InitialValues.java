package dev.vgp.model;

import dev.vgp.spec.Initialization;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded initial values for kernels and biases, generated in Java so that the same seed gives the
 * same weights on any device. Each tensor draws from its own stream, derived from the seed and the
 * tensor's name, so adding a layer does not shift the values of the others.
 */
final class InitialValues {

  private final Initialization scheme;
  private final long seed;

  InitialValues(Initialization scheme, long seed) {
    this.scheme = scheme;
    this.seed = seed;
  }

  /** A kernel of {@code size} values feeding from {@code fanIn} inputs into {@code fanOut} outputs. */
  float[] kernel(String name, int size, int fanIn, int fanOut) {
    SplittableRandom random = streamFor(name);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) switch (scheme) {
        // PyTorch's default: kaiming_uniform(a = sqrt(5)) reduces to uniform(+-1/sqrt(fan_in)).
        case REFERENCE -> uniform(random, 1 / Math.sqrt(fanIn));
        case HE -> random.nextGaussian() * Math.sqrt(2.0 / fanIn);
        case GLOROT -> uniform(random, Math.sqrt(6.0 / (fanIn + fanOut)));
      };
    }
    return values;
  }

  /** A bias of {@code size} values; only the reference init draws biases (PyTorch's default). */
  float[] bias(String name, int size, int fanIn) {
    float[] values = new float[size];
    if (scheme == Initialization.REFERENCE) {
      SplittableRandom random = streamFor(name);
      for (int i = 0; i < size; i++) values[i] = (float) uniform(random, 1 / Math.sqrt(fanIn));
    }
    return values;
  }

  private static double uniform(SplittableRandom random, double limit) {
    return (2 * random.nextDouble() - 1) * limit;
  }

  private SplittableRandom streamFor(String name) {
    long nameHash = 1125899906842597L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) nameHash = 31 * nameHash + b;
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ nameHash);
  }
}
