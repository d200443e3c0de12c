package dev.vgp.data;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The datasets vgp can fetch and read, with where they come from officially and how their files
 * are laid out. Images are 32x32 for all of them so that the same models run on each: CIFAR is
 * 32x32x3 already, Fashion-MNIST's 28x28 images are zero-padded to 32x32x1.
 */
public enum DatasetKind {

  /**
   * CIFAR-100 binary version, fine labels. Records of 3,074 bytes: coarse label, fine label, 3,072
   * pixel bytes (1,024 red, 1,024 green, 1,024 blue, each row-major 32x32).
   */
  CIFAR100("cifar100", 100, 3,
      URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
      "md5:03b5dce01913d631647c71ecec9e9cb8", "cifar-100-binary.tar.gz", "cifar-100-binary",
      List.of("train.bin"), List.of("test.bin"), 2),

  /** CIFAR-10 binary version. Records of 3,073 bytes: label, then pixels as for CIFAR-100. */
  CIFAR10("cifar10", 10, 3,
      URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
      "md5:c32a1d4ab5d03f1284b67883e8d87530", "cifar-10-binary.tar.gz", "cifar-10-batches-bin",
      List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
          "data_batch_5.bin"),
      List.of("test_batch.bin"), 1),

  /**
   * Fashion-MNIST: four gzipped IDX files under one base URL, no archive. Its checksum is the
   * SHA-256 of the four files' decompressed bytes concatenated in {@link #recordFiles()} order,
   * because copies differ in how they were gzipped (Debian's .gz files are not upstream's) while
   * the decompressed bytes are the same. See docs/data.md for the per-file digests.
   */
  FASHION_MNIST("fashion-mnist", 10, 1,
      URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
      "sha256:14410854cf7a289477dcfc7df3f8ec24741e281cdcc425ede0d9a748ca630214", null, "",
      List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
      List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), 0);

  /** Every dataset is served at this size; see the class comment. */
  public static final int IMAGE_SIZE = 32;

  private final String id;
  private final int numClasses;
  private final int channels;
  private final URI officialUrl;
  private final String officialChecksum;
  private final String archiveName;
  private final String root;
  private final List<String> trainFiles;
  private final List<String> testFiles;
  private final int labelBytes;

  DatasetKind(String id, int numClasses, int channels, URI officialUrl, String officialChecksum,
      String archiveName, String root, List<String> trainFiles, List<String> testFiles,
      int labelBytes) {
    this.id = id;
    this.numClasses = numClasses;
    this.channels = channels;
    this.officialUrl = officialUrl;
    this.officialChecksum = officialChecksum;
    this.archiveName = archiveName;
    this.root = root;
    this.trainFiles = trainFiles;
    this.testFiles = testFiles;
    this.labelBytes = labelBytes;
  }

  /** Short name used in logs, the cache directory and experiment.json, e.g. "cifar100". */
  public String id() {
    return id;
  }

  public int numClasses() {
    return numClasses;
  }

  public int height() {
    return IMAGE_SIZE;
  }

  public int width() {
    return IMAGE_SIZE;
  }

  public int channels() {
    return channels;
  }

  /** The archive's URL, or for Fashion-MNIST the base URL its four files live under. */
  public URI officialUrl() {
    return officialUrl;
  }

  /** The official content's checksum as "md5:..." or "sha256:..."; see the constants. */
  public String officialChecksum() {
    return officialChecksum;
  }

  /** True when the data comes as one .tar.gz archive (CIFAR), false for loose files. */
  public boolean isArchive() {
    return archiveName != null;
  }

  /** The official archive's file name, e.g. "cifar-100-binary.tar.gz"; null for loose files. */
  public String archiveName() {
    return archiveName;
  }

  /** The folder inside the archive holding the record files ("" when they sit at the top). */
  public String root() {
    return root;
  }

  public List<String> trainFiles() {
    return trainFiles;
  }

  public List<String> testFiles() {
    return testFiles;
  }

  /** Train files then test files: the files a prepared directory must hold. */
  public List<String> recordFiles() {
    List<String> all = new ArrayList<>(trainFiles);
    all.addAll(testFiles);
    return List.copyOf(all);
  }

  /** Label bytes before each CIFAR record's pixels (CIFAR-100: coarse then fine). */
  int labelBytes() {
    return labelBytes;
  }

  /** Bytes of one CIFAR record: its labels then the planar 32x32x3 pixels. */
  int recordBytes() {
    return labelBytes + IMAGE_SIZE * IMAGE_SIZE * channels;
  }

  /** Parses "cifar100", "CIFAR100", "fashion-mnist" or "FASHION_MNIST". */
  public static DatasetKind parse(String text) {
    for (DatasetKind kind : values()) {
      if (kind.id.equalsIgnoreCase(text) || kind.name().equalsIgnoreCase(text)) return kind;
    }
    throw new DataException("unknown dataset '" + text + "': use one of cifar100, cifar10, "
        + "fashion-mnist");
  }
}
