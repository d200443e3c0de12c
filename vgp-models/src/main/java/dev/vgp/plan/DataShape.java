package dev.vgp.plan;

/**
 * The input and output a model must fit: the images' channels and (square) size, and the number
 * of classes. Declared models are written for CIFAR-100 and adapted to the dataset's shape.
 */
public record DataShape(int channels, int imageSize, int numClasses) {

  /** CIFAR-100: 32x32 RGB, 100 fine classes; what vgg08 and vgg38 are declared for. */
  public static DataShape cifar100() {
    return new DataShape(3, 32, 100);
  }
}
