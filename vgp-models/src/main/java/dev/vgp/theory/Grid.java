package dev.vgp.theory;

/**
 * Moments of an L x L map as a function of the offset between two positions: a (2L-1) x (2L-1)
 * grid, offset (0, 0) in the middle.
 */
final class Grid {

  private Grid() {}

  static int cells(int size) {
    return (2 * size - 1) * (2 * size - 1);
  }

  static int index(int dx, int dy, int size) {
    return (dy + size - 1) * (2 * size - 1) + dx + size - 1;
  }

  static int centre(int size) {
    return index(0, 0, size);
  }

  /** How many pairs of positions of an L x L map lie at offset (dx, dy). */
  static double pairs(int dx, int dy, int size) {
    return (double) (size - Math.abs(dx)) * (size - Math.abs(dy));
  }

  /** The sum over every ordered pair of positions of a * b at their offset. */
  static double pairSum(double[] a, double[] b, int size) {
    double sum = 0;
    for (int dy = 1 - size; dy < size; dy++) {
      for (int dx = 1 - size; dx < size; dx++) {
        int i = index(dx, dy, size);
        sum += pairs(dx, dy, size) * a[i] * b[i];
      }
    }
    return sum;
  }

  /** The mean over every ordered pair of positions of the moment at their offset. */
  static double meanOverPairs(double[] moments, int size) {
    double sum = 0;
    for (int dy = 1 - size; dy < size; dy++) {
      for (int dx = 1 - size; dx < size; dx++) {
        sum += pairs(dx, dy, size) * moments[index(dx, dy, size)];
      }
    }
    double positions = (double) size * size;
    return sum / (positions * positions);
  }

  /**
   * For a {@code kernel} x {@code kernel} SAME convolution over an L x L map, per offset, the
   * number of taps that fall inside the map at both positions of a pair, averaged over the pairs
   * at that offset: zero padding leaves the border's outer taps empty, and more of them for pairs
   * far apart, which lie nearer the border.
   */
  static double[] sharedTaps(int size, int kernel) {
    int pad = kernel / 2;
    double[] perAxis = new double[2 * size - 1];
    for (int offset = 1 - size; offset < size; offset++) {
      double taps = 0;
      for (int p = Math.max(0, -offset); p < Math.min(size, size - offset); p++) {
        for (int o = -pad; o <= pad; o++) {
          int a = p + o;
          int b = p + offset + o;
          if (a >= 0 && a < size && b >= 0 && b < size) taps++;
        }
      }
      perAxis[offset + size - 1] = taps / (size - Math.abs(offset));
    }
    double[] taps = new double[cells(size)];
    for (int dy = 1 - size; dy < size; dy++) {
      for (int dx = 1 - size; dx < size; dx++) {
        taps[index(dx, dy, size)] = perAxis[dx + size - 1] * perAxis[dy + size - 1];
      }
    }
    return taps;
  }
}
