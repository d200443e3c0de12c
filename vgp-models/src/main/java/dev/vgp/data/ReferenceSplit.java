package dev.vgp.data;

import java.util.Arrays;

/**
 * The reference's train/validation split of a training file of {@code n} images: the first
 * {@code n - validationCount(n)} entries of numpy's {@code RandomState(0).permutation(n)} are the
 * training images, in that order; the rest, sorted ascending, are the validation images. The seed
 * is fixed whatever the experiment's seed, so every experiment validates on the same images. For
 * CIFAR's 50,000 images this gives 47,500 / 2,500.
 *
 * @param train indices into the training file, in training order
 * @param validation indices into the training file, ascending
 */
public record ReferenceSplit(int[] train, int[] validation) {

  /** The seed the reference passes to numpy. */
  public static final long SEED = 0;

  /** One image in 20 is held out for validation, rounded up so at least one is. */
  public static int validationCount(int n) {
    return (n + 19) / 20;
  }

  public static ReferenceSplit of(int n) {
    if (n < 2) throw new DataException("cannot split " + n + " training images in two");
    int[] order = new NumpyRandomState(SEED).permutation(n);
    int trainCount = n - validationCount(n);
    int[] validation = Arrays.copyOfRange(order, trainCount, n);
    Arrays.sort(validation);
    return new ReferenceSplit(Arrays.copyOf(order, trainCount), validation);
  }
}
