package dev.vgp.data;

import dev.vgp.spec.Normalization;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR's binary version, one .tar.gz of record files: each record its label bytes, then 3,072
 * pixel bytes (1,024 red, 1,024 green, 1,024 blue, each row-major 32x32). Labels are the record's
 * last label byte (the fine label for CIFAR-100), pixels converted from the planar CHW layout to
 * the HWC layout the graph takes.
 */
final class CifarBinary implements DatasetKind {

  /** Records of 3,074 bytes: coarse label, fine label, pixels. */
  static final CifarBinary CIFAR100 = new CifarBinary("cifar100", 100, 2,
      URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
      "md5:03b5dce01913d631647c71ecec9e9cb8", "cifar-100-binary.tar.gz", "cifar-100-binary",
      List.of("train.bin"), List.of("test.bin"));

  /** Records of 3,073 bytes: label, pixels. */
  static final CifarBinary CIFAR10 = new CifarBinary("cifar10", 10, 1,
      URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
      "md5:c32a1d4ab5d03f1284b67883e8d87530", "cifar-10-binary.tar.gz", "cifar-10-batches-bin",
      List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
          "data_batch_5.bin"),
      List.of("test_batch.bin"));

  static final int IMAGE_SIZE = 32;
  private static final int CHANNELS = 3;
  private static final int RECORDS_PER_READ = 1024;

  private final String id;
  private final int numClasses;
  private final int labelBytes;
  private final List<String> trainFiles;
  private final List<String> testFiles;
  private final DataSource source;

  private CifarBinary(String id, int numClasses, int labelBytes, URI officialUrl,
      String officialChecksum, String archiveName, String root, List<String> trainFiles,
      List<String> testFiles) {
    this.id = id;
    this.numClasses = numClasses;
    this.labelBytes = labelBytes;
    this.trainFiles = trainFiles;
    this.testFiles = testFiles;
    List<String> files = new ArrayList<>(trainFiles);
    files.addAll(testFiles);
    this.source = new DataSource(officialUrl, officialChecksum, archiveName, root, files, 50_000,
        10_000);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int channels() {
    return CHANNELS;
  }

  @Override
  public int imageSize() {
    return IMAGE_SIZE;
  }

  /** CIFAR-10's constants, which the reference uses unchanged on CIFAR-100. */
  @Override
  public Normalization normalization() {
    return Normalization.cifar();
  }

  @Override
  public DataSource source() {
    return source;
  }

  @Override
  public ImageSet readTrainingFiles(Path directory) {
    return read(trainFiles.stream().map(directory::resolve).toList());
  }

  @Override
  public ImageSet readTestFiles(Path directory) {
    return read(testFiles.stream().map(directory::resolve).toList());
  }

  @Override
  public int countTrainingImages(Path directory) {
    return (int) trainFiles.stream().mapToLong(name -> recordCount(directory.resolve(name)))
        .sum();
  }

  List<String> trainFiles() {
    return trainFiles;
  }

  List<String> testFiles() {
    return testFiles;
  }

  /** Label bytes before each record's pixels (CIFAR-100: coarse then fine). */
  int labelBytes() {
    return labelBytes;
  }

  /** Bytes of one record: its labels then the planar 32x32x3 pixels. */
  int recordBytes() {
    return labelBytes + IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
  }

  @Override
  public String toString() {
    return id;
  }

  /** The records of {@code files}, one after the other. */
  ImageSet read(List<Path> files) {
    int recordBytes = recordBytes();
    long total = 0;
    for (Path file : files) total += recordCount(file);
    if (total * IMAGE_SIZE * IMAGE_SIZE * CHANNELS > Integer.MAX_VALUE) {
      throw new DataException(files + " hold " + total + " images, too many for one array");
    }
    int imageBytes = recordBytes - labelBytes;
    byte[] pixels = new byte[(int) total * imageBytes];
    int[] labels = new int[(int) total];
    int index = 0;
    ByteBuffer buffer = ByteBuffer.allocate(RECORDS_PER_READ * recordBytes);
    for (Path file : files) {
      int first = index;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        while (fill(channel, buffer) > 0) {
          byte[] records = buffer.array();
          for (int offset = 0; offset < buffer.position(); offset += recordBytes) {
            labels[index] = label(records, offset, file, index - first);
            toHwc(records, offset + labelBytes, pixels, index * imageBytes);
            index++;
          }
          buffer.clear();
        }
      } catch (IOException e) {
        throw new DataException("could not read " + file + ": " + e.getMessage(), e);
      }
    }
    return new ImageSet(pixels, labels, IMAGE_SIZE, IMAGE_SIZE, CHANNELS);
  }

  long recordCount(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new DataException("could not read " + file + ": " + e.getMessage(), e);
    }
    if (size % recordBytes() != 0) {
      throw new DataException(file + " has " + size + " bytes, not a whole number of "
          + recordBytes() + "-byte " + id + " records: it is truncated or not a " + id
          + " file; delete the cache directory holding it and fetch again");
    }
    return size / recordBytes();
  }

  /** Fills the buffer as far as the file allows; returns the bytes read. */
  private static int fill(FileChannel channel, ByteBuffer buffer) throws IOException {
    // A channel may return fewer bytes than asked before the end of the file.
    while (buffer.hasRemaining() && channel.read(buffer) > 0) {}
    return buffer.position();
  }

  private int label(byte[] records, int offset, Path file, int index) {
    // CIFAR-100 records start with the coarse label; the fine label, the one studied, is last.
    int label = records[offset + labelBytes - 1] & 0xff;
    if (label >= numClasses) {
      throw new DataException(file + ": record " + index + " has label " + label + ", outside 0-"
          + (numClasses - 1) + " for " + id + "; the file is corrupt or of another dataset");
    }
    return label;
  }

  /** Planar red, green, blue planes of 1,024 bytes each into interleaved RGB pixels. */
  private static void toHwc(byte[] planar, int from, byte[] hwc, int to) {
    int plane = IMAGE_SIZE * IMAGE_SIZE;
    for (int p = 0; p < plane; p++) {
      hwc[to + 3 * p] = planar[from + p];
      hwc[to + 3 * p + 1] = planar[from + plane + p];
      hwc[to + 3 * p + 2] = planar[from + 2 * plane + p];
    }
  }
}
