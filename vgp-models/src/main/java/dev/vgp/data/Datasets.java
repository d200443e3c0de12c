package dev.vgp.data;

import dev.vgp.spec.Normalization;
import java.util.Locale;

/**
 * Reads prepared data into a {@link Dataset}: the training files split into train and validation
 * by the {@link ReferenceSplit}, the official test files as test.
 */
public final class Datasets {

  private Datasets() {}

  public static Dataset load(PreparedData prepared, FetchListener listener) {
    DatasetKind kind = prepared.kind();
    long start = System.nanoTime();
    ImageSet trainFile = kind.readTrainingFiles(prepared.directory());
    ImageSet test = kind.readTestFiles(prepared.directory());
    ReferenceSplit split = ReferenceSplit.of(trainFile.count());
    listener.info(String.format(Locale.ROOT, "%s: %,d training images split by numpy's "
            + "RandomState(%d).permutation(%d) into %,d train and %,d validation (5%%, rounded "
            + "up); %,d test images; read in %.1f s", kind.id(), trainFile.count(),
        ReferenceSplit.SEED, trainFile.count(), split.train().length, split.validation().length,
        test.count(), (System.nanoTime() - start) / 1e9));
    return new LoadedDataset(kind.id(), kind.numClasses(), trainFile.select(split.train()),
        trainFile.select(split.validation()), test, kind.normalization(), prepared.checksum());
  }

  /**
   * How many images {@link #load} would put in the training set, from the files' sizes or
   * headers: enough to check batch sizes against the data without reading it.
   */
  public static int trainImages(PreparedData prepared) {
    int images = prepared.kind().countTrainingImages(prepared.directory());
    return images - ReferenceSplit.validationCount(images);
  }

  private record LoadedDataset(String name, int numClasses, ImageSet train, ImageSet validation,
      ImageSet test, Normalization normalization, String checksum) implements Dataset {}
}
