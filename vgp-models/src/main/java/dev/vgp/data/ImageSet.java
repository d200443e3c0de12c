package dev.vgp.data;

/**
 * Images kept as uint8 in NHWC order (count x height x width x channels), with one int label each.
 * Kept as bytes on purpose: CIFAR-100's training set is 150 MB this way, 600 MB as floats;
 * casting and normalisation happen in the graph.
 */
public record ImageSet(byte[] pixels, int[] labels, int height, int width, int channels) {

  public ImageSet {
    long expected = (long) labels.length * height * width * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected "
          + expected + " for " + labels.length + " images of " + height + "x" + width + "x"
          + channels);
    }
  }

  public int count() {
    return labels.length;
  }

  public int imageBytes() {
    return height * width * channels;
  }

  /** The first {@code n} images (all of them when n is 0 or not smaller than the count). */
  public ImageSet limit(int n) {
    if (n <= 0 || n >= count()) return this;
    byte[] px = java.util.Arrays.copyOf(pixels, n * imageBytes());
    return new ImageSet(px, java.util.Arrays.copyOf(labels, n), height, width, channels);
  }

  /** The images at {@code indices}, in that order. */
  public ImageSet select(int[] indices) {
    int size = imageBytes();
    byte[] px = new byte[indices.length * size];
    int[] lb = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * size, px, i * size, size);
      lb[i] = labels[indices[i]];
    }
    return new ImageSet(px, lb, height, width, channels);
  }
}
