package dev.vgp.results;

import java.util.Optional;

/**
 * The distribution of one weight tensor's gradient elements on an epoch's last training batch (the
 * batch of {@code last_batch_mean_abs}), in {@link #BUCKETS} equal buckets from its smallest to its
 * largest element, as TensorFlow 2's {@code tf.summary.histogram} cuts them.
 *
 * @param bucketLimits each bucket's right edge; the first starts at {@code min}
 * @param bucketCounts the elements in each bucket
 */
public record GradientHistogram(int layerIndex, String layer, double min, double max, long count,
    double sum, double sumOfSquares, double[] bucketLimits, double[] bucketCounts) {

  public static final int BUCKETS = 30;

  /** The histogram of {@code gradient}; empty when an element is NaN or infinite. */
  public static Optional<GradientHistogram> of(int layerIndex, String layer, float[] gradient) {
    if (gradient.length == 0) return Optional.empty();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double sumOfSquares = 0;
    for (float g : gradient) {
      if (!Float.isFinite(g)) return Optional.empty();
      min = Math.min(min, g);
      max = Math.max(max, g);
      sum += g;
      sumOfSquares += (double) g * g;
    }
    // one bucket holds them all when every element is equal (a zero gradient)
    int buckets = max > min ? BUCKETS : 1;
    double width = (max - min) / buckets;
    double[] limits = new double[buckets];
    for (int i = 0; i < buckets; i++) limits[i] = min + width * (i + 1);
    limits[buckets - 1] = max;
    double[] counts = new double[buckets];
    for (float g : gradient) {
      int bucket = width > 0 ? (int) ((g - min) / width) : 0;
      counts[Math.min(bucket, buckets - 1)]++;
    }
    return Optional.of(new GradientHistogram(layerIndex, layer, min, max, gradient.length, sum,
        sumOfSquares, limits, counts));
  }
}
