package dev.vgp.train;

import dev.vgp.data.Dataset;
import dev.vgp.data.ImageSet;
import dev.vgp.spec.Normalization;
import java.util.SplittableRandom;

/**
 * A small learnable task: each class is a fixed colour plus a fixed texture, and each image that
 * pattern plus its own noise. A network that passes signal learns it within a few dozen steps; one
 * whose early layers are dead cannot, since the class is only visible in the input.
 */
record SyntheticDataset(int numClasses, int size, ImageSet train, ImageSet validation,
    ImageSet test) implements Dataset {

  static SyntheticDataset create(int numClasses, int size, int trainPerClass, int evalPerClass,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int imageBytes = size * size * 3;
    int[][] patterns = new int[numClasses][imageBytes];
    for (int[] pattern : patterns) {
      int[] colour = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      for (int i = 0; i < imageBytes; i++) pattern[i] = colour[i % 3] + random.nextInt(-40, 41);
    }
    return new SyntheticDataset(numClasses, size, images(patterns, trainPerClass, random),
        images(patterns, evalPerClass, random), images(patterns, evalPerClass, random));
  }

  private static ImageSet images(int[][] patterns, int perClass, SplittableRandom random) {
    int classes = patterns.length;
    int imageBytes = patterns[0].length;
    int side = (int) Math.round(Math.sqrt(imageBytes / 3.0));
    byte[] pixels = new byte[classes * perClass * imageBytes];
    int[] labels = new int[classes * perClass];
    for (int n = 0; n < labels.length; n++) {
      int label = n % classes;
      labels[n] = label;
      for (int i = 0; i < imageBytes; i++) {
        int value = patterns[label][i] + random.nextInt(-20, 21);
        pixels[n * imageBytes + i] = (byte) Math.max(0, Math.min(255, value));
      }
    }
    return new ImageSet(pixels, labels, side, side, 3);
  }

  @Override
  public String name() {
    return "synthetic";
  }

  @Override
  public Normalization normalization() {
    return Normalization.cifar();
  }

  @Override
  public String checksum() {
    return "synthetic-" + numClasses + "-" + size;
  }
}
