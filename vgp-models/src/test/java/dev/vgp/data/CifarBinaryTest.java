package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {

  private static final int PLANE = 32 * 32;

  @TempDir Path temp;

  /** A CIFAR-100 record whose red, green and blue planes hold distinct values per pixel. */
  private static byte[] record(int coarse, int fine, int seed) {
    byte[] record = new byte[2 + 3 * PLANE];
    record[0] = (byte) coarse;
    record[1] = (byte) fine;
    for (int i = 0; i < 3 * PLANE; i++) record[2 + i] = (byte) (i * 7 + seed);
    return record;
  }

  @Test
  void readsFineLabelsAndConvertsPlanarPixelsToInterleaved() throws IOException {
    Path file = temp.resolve("train.bin");
    byte[] first = record(3, 17, 0);
    byte[] second = record(19, 99, 5);
    Files.write(file, concat(first, second));

    ImageSet set = CifarBinary.CIFAR100.read(List.of(file));

    assertArrayEquals(new int[] {17, 99}, set.labels());
    assertEquals(32, set.height());
    assertEquals(3, set.channels());
    int pixel = 5 * 32 + 9; // row 5, column 9
    for (int c = 0; c < 3; c++) {
      assertEquals(second[2 + c * PLANE + pixel], set.pixels()[3 * PLANE + 3 * pixel + c]);
    }
  }

  @Test
  void cifar10RecordsHaveOneLabelByteAndSpanSeveralFiles() throws IOException {
    Path a = temp.resolve("data_batch_1.bin");
    Path b = temp.resolve("data_batch_2.bin");
    byte[] record = new byte[1 + 3 * PLANE];
    record[0] = 9;
    record[1] = 42; // the first red pixel
    Files.write(a, record);
    Files.write(b, concat(record, record));

    ImageSet set = CifarBinary.CIFAR10.read(List.of(a, b));

    assertArrayEquals(new int[] {9, 9, 9}, set.labels());
    assertEquals(42, set.pixels()[2 * 3 * PLANE]);
  }

  @Test
  void fileNotAWholeNumberOfRecordsIsRejectedWithItsSize() throws IOException {
    Path file = temp.resolve("train.bin");
    Files.write(file, concat(record(0, 0, 0), new byte[100]));

    DataException e = assertThrows(DataException.class,
        () -> CifarBinary.CIFAR100.read(List.of(file)));

    assertTrue(e.getMessage().contains("3174 bytes, not a whole number of 3074-byte"),
        e.getMessage());
  }

  @Test
  void labelOutOfRangeIsRejectedNamingTheRecord() throws IOException {
    Path file = temp.resolve("test.bin");
    Files.write(file, concat(record(0, 5, 0), record(0, 100, 0)));

    DataException e = assertThrows(DataException.class,
        () -> CifarBinary.CIFAR100.read(List.of(file)));

    assertTrue(e.getMessage().contains("record 1 has label 100, outside 0-99"), e.getMessage());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
