package dev.vgp.model;

import dev.vgp.spec.Initialization;
import dev.vgp.spec.Initialization.Distribution;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded initial values for kernels and biases, drawn from the distributions the
 * {@link Initialization} names, generated in Java so that the same seed gives the same weights on
 * any device. Each tensor draws from its own stream, derived from the seed and the tensor's name,
 * so adding a layer does not shift the values of the others.
 */
final class InitialValues {

  private final Initialization scheme;
  private final long seed;

  InitialValues(Initialization scheme, long seed) {
    this.scheme = scheme;
    this.seed = seed;
  }

  /**
   * A kernel of {@code size} values feeding from {@code fanIn} inputs into {@code fanOut}
   * outputs, its values multiplied by {@code scale} (Fixup's rescaled and zeroed branch convs).
   */
  float[] kernel(String name, int size, int fanIn, int fanOut, double scale) {
    return draw(name, size, scheme.kernel(fanIn, fanOut).times(scale));
  }

  /** A bias of {@code size} values of a layer with {@code fanIn} inputs. */
  float[] bias(String name, int size, int fanIn) {
    return draw(name, size, scheme.bias(fanIn));
  }

  private float[] draw(String name, int size, Distribution distribution) {
    float[] values = new float[size];
    if (distribution.scale() == 0) return values;
    SplittableRandom random = streamFor(name);
    for (int i = 0; i < size; i++) {
      values[i] = (float) (distribution.normal()
          ? random.nextGaussian() * distribution.scale()
          : (2 * random.nextDouble() - 1) * distribution.scale());
    }
    return values;
  }

  private SplittableRandom streamFor(String name) {
    long nameHash = 1125899906842597L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) nameHash = 31 * nameHash + b;
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ nameHash);
  }
}
