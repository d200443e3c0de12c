package dev.vgp.data;

import dev.vgp.spec.Normalization;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST: four gzipped IDX files (MNIST's big-endian format) under one base URL, no
 * archive, each 28x28 image zero-padded evenly to 32x32 so that the CIFAR-sized models run on it.
 * Its checksum is the SHA-256 of the four files' decompressed bytes (see {@link DataSource});
 * docs/data.md lists the per-file digests.
 */
final class FashionMnist implements DatasetKind {

  static final FashionMnist FASHION_MNIST = new FashionMnist();

  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  private static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  private static final int CLASSES = 10;
  private static final int IMAGE_SIZE = 32;
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private final DataSource source = new DataSource(
      URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
      "sha256:14410854cf7a289477dcfc7df3f8ec24741e281cdcc425ede0d9a748ca630214", null, "",
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS), 60_000, 10_000);

  private FashionMnist() {}

  @Override
  public String id() {
    return "fashion-mnist";
  }

  @Override
  public int numClasses() {
    return CLASSES;
  }

  @Override
  public int channels() {
    return 1;
  }

  @Override
  public int imageSize() {
    return IMAGE_SIZE;
  }

  /** The training set's mean and std. */
  @Override
  public Normalization normalization() {
    return Normalization.fashionMnist();
  }

  @Override
  public DataSource source() {
    return source;
  }

  @Override
  public ImageSet readTrainingFiles(Path directory) {
    return read(directory.resolve(TRAIN_IMAGES), directory.resolve(TRAIN_LABELS));
  }

  @Override
  public ImageSet readTestFiles(Path directory) {
    return read(directory.resolve(TEST_IMAGES), directory.resolve(TEST_LABELS));
  }

  /** The images the training label file announces, from its header alone. */
  @Override
  public int countTrainingImages(Path directory) {
    Path labelsFile = directory.resolve(TRAIN_LABELS);
    try (DataInputStream in = open(labelsFile)) {
      expectMagic(in, LABELS_MAGIC, labelsFile);
      return in.readInt();
    } catch (IOException e) {
      throw new DataException("could not read " + labelsFile + ": " + e + "; it is truncated or"
          + " not a gzipped IDX label file", e);
    }
  }

  @Override
  public String toString() {
    return id();
  }

  private static ImageSet read(Path imagesFile, Path labelsFile) {
    int[] labels = readLabels(labelsFile);
    try (DataInputStream in = open(imagesFile)) {
      expectMagic(in, IMAGES_MAGIC, imagesFile);
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      int size = IMAGE_SIZE;
      if (count != labels.length || rows > size || cols > size) {
        throw new DataException(imagesFile + " holds " + count + " images of " + rows + "x" + cols
            + "; expected " + labels.length + " (as in " + labelsFile + ") of at most " + size
            + "x" + size);
      }
      byte[] source = new byte[rows * cols];
      byte[] pixels = new byte[count * size * size];
      int top = (size - rows) / 2;
      int left = (size - cols) / 2;
      for (int i = 0; i < count; i++) {
        in.readFully(source);
        for (int y = 0; y < rows; y++) {
          System.arraycopy(source, y * cols, pixels, (i * size + top + y) * size + left, cols);
        }
      }
      return new ImageSet(pixels, labels, size, size, 1);
    } catch (IOException e) {
      throw new DataException("could not read " + imagesFile + ": " + e + "; it is truncated or "
          + "not a gzipped IDX image file", e);
    }
  }

  private static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      expectMagic(in, LABELS_MAGIC, file);
      byte[] raw = new byte[in.readInt()];
      in.readFully(raw);
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xff;
        if (labels[i] >= CLASSES) {
          throw new DataException(file + ": label " + i + " is " + labels[i] + ", outside 0-"
              + (CLASSES - 1));
        }
      }
      return labels;
    } catch (IOException e) {
      throw new DataException("could not read " + file + ": " + e + "; it is truncated or not "
          + "a gzipped IDX label file", e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
    return new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }

  private static void expectMagic(DataInputStream in, int magic, Path file) throws IOException {
    int actual = in.readInt();
    if (actual != magic) {
      throw new DataException(String.format("%s starts with 0x%08x, not the IDX magic 0x%08x",
          file, actual, magic));
    }
  }
}
