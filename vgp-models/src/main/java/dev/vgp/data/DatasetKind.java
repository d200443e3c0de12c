package dev.vgp.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vgp.spec.Normalization;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dataset vgp can fetch and read: where it comes from ({@link #source()}), how its files are
 * laid out (the reading methods), and the shape of the images it serves. Each is one
 * implementation: {@link CifarBinary} for CIFAR-100 and CIFAR-10, {@link FashionMnist}; a new one
 * is added to {@link #ALL}. Every dataset's training files are split by the one rule of the
 * reference ({@link ReferenceSplit}), as the study splits them.
 */
public interface DatasetKind {

  DatasetKind CIFAR100 = CifarBinary.CIFAR100;
  DatasetKind CIFAR10 = CifarBinary.CIFAR10;
  DatasetKind FASHION_MNIST = FashionMnist.FASHION_MNIST;

  /** Every dataset {@link #parse} knows. */
  List<DatasetKind> ALL = List.of(CIFAR100, CIFAR10, FASHION_MNIST);

  /** Short name used in logs, the cache directory and experiment.json, e.g. "cifar100". */
  @JsonValue
  String id();

  int numClasses();

  int channels();

  /** The side of the square images it serves. */
  int imageSize();

  /** The per-channel normalisation the graph applies to its pixels. */
  Normalization normalization();

  DataSource source();

  /** The images of the training files in {@code directory}, all of them, before the split. */
  ImageSet readTrainingFiles(Path directory);

  /** The images of the test files in {@code directory}. */
  ImageSet readTestFiles(Path directory);

  /** How many images {@link #readTrainingFiles} would read, from the files' sizes or headers. */
  int countTrainingImages(Path directory);

  /**
   * The dataset {@code text} names: its id ("cifar100", "fashion-mnist"), in any case, with
   * {@code _} for {@code -} ("FASHION_MNIST", as earlier plan files hold it).
   */
  @JsonCreator
  static DatasetKind parse(String text) {
    String wanted = String.valueOf(text).replace('_', '-');
    return ALL.stream().filter(kind -> kind.id().equalsIgnoreCase(wanted)).findFirst()
        .orElseThrow(() -> new DataException("unknown dataset '" + text + "': use one of "
            + ALL.stream().map(DatasetKind::id).collect(Collectors.joining(", "))));
  }
}
