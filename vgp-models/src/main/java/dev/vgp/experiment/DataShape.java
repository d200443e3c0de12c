package dev.vgp.experiment;

import dev.vgp.data.Dataset;
import dev.vgp.data.ImageSet;

/**
 * What a model and a batch size must fit: the input images' channels and size, the number of
 * classes and how many training images there are.
 */
public record DataShape(int channels, int imageSize, int numClasses, int trainImages) {

  public static DataShape of(Dataset data) {
    ImageSet train = data.train();
    return new DataShape(train.channels(), train.height(), data.numClasses(), train.count());
  }
}
