package dev.vgp.data;

import dev.vgp.spec.Normalization;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads prepared data into a {@link Dataset}: the training file split into train and validation
 * by the {@link ReferenceSplit}, the official test file as test.
 */
public final class Datasets {

  private Datasets() {}

  public static Dataset load(PreparedData prepared, FetchListener listener) {
    DatasetKind kind = prepared.kind();
    long start = System.nanoTime();
    ImageSet trainFile = read(kind, prepared.directory(), kind.trainFiles());
    ImageSet test = read(kind, prepared.directory(), kind.testFiles());
    ReferenceSplit split = ReferenceSplit.of(trainFile.count());
    listener.info(String.format(Locale.ROOT, "%s: %,d training images split by numpy's "
            + "RandomState(%d).permutation(%d) into %,d train and %,d validation (5%%, rounded "
            + "up); %,d test images; read in %.1f s", kind.id(), trainFile.count(),
        ReferenceSplit.SEED, trainFile.count(), split.train().length, split.validation().length,
        test.count(), (System.nanoTime() - start) / 1e9));
    return new LoadedDataset(kind.id(), kind.numClasses(), trainFile.select(split.train()),
        trainFile.select(split.validation()), test, normalization(kind), prepared.checksum());
  }

  /**
   * How many images {@link #load} would put in the training set, from the files' sizes or
   * headers: enough to check batch sizes against the data without reading it.
   */
  public static int trainImages(PreparedData prepared) {
    DatasetKind kind = prepared.kind();
    List<Path> files = kind.trainFiles().stream().map(prepared.directory()::resolve).toList();
    long images = kind == DatasetKind.FASHION_MNIST ? IdxReader.count(files.get(1))
        : files.stream().mapToLong(file -> CifarReader.recordCount(kind, file)).sum();
    return (int) images - ReferenceSplit.validationCount((int) images);
  }

  private static ImageSet read(DatasetKind kind, Path directory, List<String> files) {
    if (kind == DatasetKind.FASHION_MNIST) {
      return IdxReader.read(directory.resolve(files.get(0)), directory.resolve(files.get(1)),
          kind.numClasses());
    }
    return CifarReader.read(kind, files.stream().map(directory::resolve).toList());
  }

  private static Normalization normalization(DatasetKind kind) {
    return kind == DatasetKind.FASHION_MNIST ? Normalization.fashionMnist() : Normalization.cifar();
  }

  private record LoadedDataset(String name, int numClasses, ImageSet train, ImageSet validation,
      ImageSet test, Normalization normalization, String checksum) implements Dataset {}
}
