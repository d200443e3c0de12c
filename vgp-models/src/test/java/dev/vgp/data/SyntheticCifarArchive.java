package dev.vgp.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes an archive laid out exactly like the official CIFAR-100 (or CIFAR-10) binary archive but
 * holding synthetic images, to try the whole pipeline without the real data and to test it. The
 * classes are learnable: each has a fixed coarse colour pattern (4x4 cells of 8x8 pixels, so a crop
 * of up to 4 pixels keeps most of it), and each image is its class's pattern plus noise. Labels
 * cycle through the classes, so every class has the same number of images (give or take one).
 * The same arguments give a byte-identical archive.
 */
public final class SyntheticCifarArchive {

  private static final int CELLS = 4;
  private static final int NOISE = 48;

  private SyntheticCifarArchive() {}

  /**
   * Writes the archive and returns its checksum ("md5:..."), to pass as the fetch's checksum.
   *
   * @param kind {@link DatasetKind#CIFAR100} or {@link DatasetKind#CIFAR10}
   */
  public static String write(Path tarGz, DatasetKind kind, int trainImages, int testImages,
      long seed) {
    if (!(kind instanceof CifarBinary cifar)) {
      throw new IllegalArgumentException(kind + " has no CIFAR archive");
    }
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] patterns = new byte[kind.numClasses()][];
    for (int c = 0; c < patterns.length; c++) patterns[c] = pattern(random);
    try {
      Path parent = tarGz.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      try (TarGzWriter tar = new TarGzWriter(tarGz)) {
        String root = cifar.source().root() + "/";
        List<String> trainFiles = cifar.trainFiles();
        for (int f = 0; f < trainFiles.size(); f++) {
          int from = (int) ((long) trainImages * f / trainFiles.size());
          int to = (int) ((long) trainImages * (f + 1) / trainFiles.size());
          writeRecords(tar, root + trainFiles.get(f), cifar, patterns, from, to, random);
        }
        writeRecords(tar, root + cifar.testFiles().get(0), cifar, patterns, 0, testImages,
            random);
        if (kind == DatasetKind.CIFAR100) {
          tar.file(root + "fine_label_names.txt", names("class", 100));
          tar.file(root + "coarse_label_names.txt", names("superclass", 20));
        } else {
          tar.file(root + "batches.meta.txt", names("class", 10));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + tarGz, e);
    }
    return Checksum.md5Of(tarGz).toString();
  }

  /** Arguments: output path, train image count, test image count [, cifar100|cifar10 [, seed]]. */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: SyntheticCifarArchive <out.tar.gz> <train images> "
          + "<test images> [cifar100|cifar10] [seed]");
      System.exit(2);
    }
    DatasetKind kind = args.length > 3 ? DatasetKind.parse(args[3]) : DatasetKind.CIFAR100;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 0;
    Path out = Path.of(args[0]);
    String checksum = write(out, kind, Integer.parseInt(args[1]), Integer.parseInt(args[2]), seed);
    System.out.println(checksum + "  " + out);
  }

  /** Records {@code from} to {@code to} (exclusive); image i belongs to class i mod classes. */
  private static void writeRecords(TarGzWriter tar, String name, CifarBinary kind,
      byte[][] patterns, int from, int to, SplittableRandom random) throws IOException {
    int recordBytes = kind.recordBytes();
    tar.beginFile(name, (long) (to - from) * recordBytes);
    byte[] record = new byte[recordBytes];
    for (int i = from; i < to; i++) {
      int label = i % kind.numClasses();
      if (kind == DatasetKind.CIFAR100) record[0] = (byte) (label / 5);
      record[kind.labelBytes() - 1] = (byte) label;
      byte[] pattern = patterns[label];
      for (int p = 0; p < pattern.length; p++) {
        int value = (pattern[p] & 0xff) + random.nextInt(2 * NOISE + 1) - NOISE;
        record[kind.labelBytes() + p] = (byte) Math.max(0, Math.min(255, value));
      }
      tar.write(record, 0, recordBytes);
    }
    tar.endFile();
  }

  /** A planar 3x32x32 image of 4x4 cells, each cell one random colour. */
  private static byte[] pattern(SplittableRandom random) {
    int size = CifarBinary.IMAGE_SIZE;
    int cell = size / CELLS;
    byte[][][] colours = new byte[3][CELLS][CELLS];
    for (byte[][] channel : colours) {
      for (byte[] row : channel) random.nextBytes(row);
    }
    byte[] planar = new byte[3 * size * size];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          planar[(c * size + y) * size + x] = colours[c][y / cell][x / cell];
        }
      }
    }
    return planar;
  }

  private static byte[] names(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> String.format("%s_%02d", prefix, i))
        .collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.US_ASCII);
  }
}
