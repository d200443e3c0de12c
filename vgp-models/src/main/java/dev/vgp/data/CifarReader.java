package dev.vgp.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads CIFAR binary record files into one {@link ImageSet}: labels from each record's label
 * bytes (the fine label for CIFAR-100), pixels converted from the files' planar CHW layout to the
 * HWC layout the graph takes.
 */
final class CifarReader {

  private static final int RECORDS_PER_READ = 1024;

  private CifarReader() {}

  /** The records of {@code files}, one after the other. */
  static ImageSet read(DatasetKind kind, List<Path> files) {
    int recordBytes = kind.recordBytes();
    long total = 0;
    for (Path file : files) total += recordCount(kind, file);
    if (total * kind.height() * kind.width() * kind.channels() > Integer.MAX_VALUE) {
      throw new DataException(files + " hold " + total + " images, too many for one array");
    }
    int imageBytes = recordBytes - kind.labelBytes();
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
            labels[index] = label(kind, records, offset, file, index - first);
            toHwc(records, offset + kind.labelBytes(), pixels, index * imageBytes);
            index++;
          }
          buffer.clear();
        }
      } catch (IOException e) {
        throw new DataException("could not read " + file + ": " + e.getMessage(), e);
      }
    }
    return new ImageSet(pixels, labels, kind.height(), kind.width(), kind.channels());
  }

  static long recordCount(DatasetKind kind, Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new DataException("could not read " + file + ": " + e.getMessage(), e);
    }
    if (size % kind.recordBytes() != 0) {
      throw new DataException(file + " has " + size + " bytes, not a whole number of "
          + kind.recordBytes() + "-byte " + kind.id() + " records: it is truncated or not a "
          + kind.id() + " file; delete the cache directory holding it and fetch again");
    }
    return size / kind.recordBytes();
  }

  /** Fills the buffer as far as the file allows; returns the bytes read. */
  private static int fill(FileChannel channel, ByteBuffer buffer) throws IOException {
    // A channel may return fewer bytes than asked before the end of the file.
    while (buffer.hasRemaining() && channel.read(buffer) > 0) {}
    return buffer.position();
  }

  private static int label(DatasetKind kind, byte[] records, int offset, Path file, int index) {
    // CIFAR-100 records start with the coarse label; the fine label, the one studied, is last.
    int label = records[offset + kind.labelBytes() - 1] & 0xff;
    if (label >= kind.numClasses()) {
      throw new DataException(file + ": record " + index + " has label " + label + ", outside 0-"
          + (kind.numClasses() - 1) + " for " + kind.id() + "; the file is corrupt or of "
          + "another dataset");
    }
    return label;
  }

  /** Planar red, green, blue planes of 1,024 bytes each into interleaved RGB pixels. */
  private static void toHwc(byte[] planar, int from, byte[] hwc, int to) {
    int plane = DatasetKind.IMAGE_SIZE * DatasetKind.IMAGE_SIZE;
    for (int p = 0; p < plane; p++) {
      hwc[to + 3 * p] = planar[from + p];
      hwc[to + 3 * p + 1] = planar[from + plane + p];
      hwc[to + 3 * p + 2] = planar[from + 2 * plane + p];
    }
  }
}
