package dev.vgp.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads gzipped IDX files (MNIST's big-endian format) into an {@link ImageSet}, zero-padding each
 * image evenly to {@link DatasetKind#IMAGE_SIZE} square so that the CIFAR-sized models run on it.
 */
final class IdxReader {

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  static ImageSet read(Path imagesFile, Path labelsFile, int numClasses) {
    int[] labels = readLabels(labelsFile, numClasses);
    try (DataInputStream in = open(imagesFile)) {
      expectMagic(in, IMAGES_MAGIC, imagesFile);
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      int size = DatasetKind.IMAGE_SIZE;
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

  /** The images an IDX label file announces, from its header alone. */
  static int count(Path labelsFile) {
    try (DataInputStream in = open(labelsFile)) {
      expectMagic(in, LABELS_MAGIC, labelsFile);
      return in.readInt();
    } catch (IOException e) {
      throw new DataException("could not read " + labelsFile + ": " + e + "; it is truncated or"
          + " not a gzipped IDX label file", e);
    }
  }

  private static int[] readLabels(Path file, int numClasses) {
    try (DataInputStream in = open(file)) {
      expectMagic(in, LABELS_MAGIC, file);
      byte[] raw = new byte[in.readInt()];
      in.readFully(raw);
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xff;
        if (labels[i] >= numClasses) {
          throw new DataException(file + ": label " + i + " is " + labels[i] + ", outside 0-"
              + (numClasses - 1));
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
