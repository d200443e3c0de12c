package dev.vgp.theory;

import dev.vgp.spec.Normalization;

/**
 * The second moments of a model's normalised input, what the prediction starts from: between two
 * pixels of one image per offset (averaged over the pixel pairs at that offset and the channels)
 * and between two images. The only thing of the data that mean-field propagation needs; the entry
 * BN makes the rest of the network independent of its scale, not of its spatial correlation.
 *
 * @param size the images' side
 * @param sameImage per offset, a (2 size - 1)^2 grid, offset (0, 0) in the middle
 */
public record InputStatistics(int size, double[] sameImage, double otherImage) {

  /** Uncorrelated pixels of unit variance: what a model sees of white noise. */
  public static InputStatistics white(int size) {
    double[] same = new double[Grid.cells(size)];
    same[Grid.centre(size)] = 1;
    return new InputStatistics(size, same, 0);
  }

  /**
   * Measured on {@code count} uint8 images (NHWC, square, {@code channels} channels) as the graph
   * normalises them.
   */
  public static InputStatistics of(byte[] pixels, int count, int size, int channels,
      Normalization normalization) {
    if (count < 2) throw new IllegalArgumentException("need at least 2 images, got " + count);
    int positions = size * size;
    double[] same = new double[Grid.cells(size)];
    double[] channelSums = new double[channels];
    double sumOfSquaredSums = 0;
    double[] x = new double[positions];
    for (int image = 0; image < count; image++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int p = 0; p < positions; p++) {
          int value = pixels[(image * positions + p) * channels + c] & 0xff;
          x[p] = (value / 255.0 - normalization.mean()[c]) / normalization.std()[c];
          sum += x[p];
        }
        channelSums[c] += sum;
        sumOfSquaredSums += sum * sum;
        accumulatePairs(x, size, same);
      }
    }
    for (int dy = 1 - size; dy < size; dy++) {
      for (int dx = 1 - size; dx < size; dx++) {
        same[Grid.index(dx, dy, size)] /= (double) count * channels * Grid.pairs(dx, dy, size);
      }
    }
    // between images: the product of two images' sums, all pairs of distinct images
    double crossSums = 0;
    for (double total : channelSums) crossSums += total * total;
    double other = (crossSums - sumOfSquaredSums)
        / ((double) count * (count - 1) * channels * positions * positions);
    return new InputStatistics(size, same, other);
  }

  private static void accumulatePairs(double[] x, int size, double[] same) {
    for (int dy = 1 - size; dy < size; dy++) {
      for (int dx = 1 - size; dx < size; dx++) {
        double sum = 0;
        for (int y = Math.max(0, -dy); y < Math.min(size, size - dy); y++) {
          int row = y * size;
          int otherRow = (y + dy) * size + dx;
          for (int px = Math.max(0, -dx); px < Math.min(size, size - dx); px++) {
            sum += x[row + px] * x[otherRow + px];
          }
        }
        same[Grid.index(dx, dy, size)] += sum;
      }
    }
  }
}
