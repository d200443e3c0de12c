package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.BatchPipeline.BatchStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {

  private static final int SIZE = 32;
  private static final int CHANNELS = 3;
  private static final int IMAGE = SIZE * SIZE * CHANNELS;
  private static final int PAD = BatchPipeline.CROP_PADDING;

  /** Images with no zero pixel (so zeros in a batch are padding), labelled by their index. */
  private static ImageSet distinctImages(int count) {
    SplittableRandom random = new SplittableRandom(1);
    byte[] pixels = new byte[count * IMAGE];
    for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (1 + random.nextInt(255));
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) labels[i] = i;
    return new ImageSet(pixels, labels, SIZE, SIZE, CHANNELS);
  }

  private static List<Batch> all(BatchStream stream) {
    try (stream) {
      List<Batch> batches = new ArrayList<>();
      stream.forEachRemaining(batches::add);
      return batches;
    }
  }

  private static int[] labels(List<Batch> batches) {
    return batches.stream().flatMapToInt(b -> Arrays.stream(b.labels(), 0, b.size())).toArray();
  }

  /** The source image shifted by (dy, dx) and mirrored first when asked, zero-filled outside. */
  private static byte[] shifted(ImageSet set, int index, int dy, int dx, boolean flip) {
    byte[] out = new byte[IMAGE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int sy = y + dy;
        int sx = (flip ? SIZE - 1 - x : x) + dx;
        if (sy < 0 || sy >= SIZE || sx < 0 || sx >= SIZE) continue;
        System.arraycopy(set.pixels(), index * IMAGE + (sy * SIZE + sx) * CHANNELS, out,
            (y * SIZE + x) * CHANNELS, CHANNELS);
      }
    }
    return out;
  }

  private static byte[] image(Batch batch, int i) {
    return Arrays.copyOfRange(batch.images(), i * IMAGE, (i + 1) * IMAGE);
  }

  @Test
  void withoutAugmentationEveryImageIsItsSourceAndEachAppearsOnce() {
    ImageSet set = distinctImages(250);
    List<Batch> batches = all(BatchPipeline.training(set, 100, 3, 0, false));

    assertEquals(3, batches.size());
    assertEquals(50, batches.get(2).size());
    int[] order = labels(batches);
    assertArrayEquals(set.labels(), Arrays.stream(order).sorted().toArray());
    assertFalse(Arrays.equals(set.labels(), order), "training order is shuffled");
    for (Batch batch : batches) {
      for (int i = 0; i < batch.size(); i++) {
        assertArrayEquals(shifted(set, batch.labels()[i], 0, 0, false), image(batch, i));
      }
    }
  }

  @Test
  void inOrderKeepsTheSetsOrderAndPixels() {
    ImageSet set = distinctImages(30);
    List<Batch> batches = all(BatchPipeline.inOrder(set, 7));

    assertArrayEquals(set.labels(), labels(batches));
    byte[] joined = new byte[30 * IMAGE];
    int offset = 0;
    for (Batch batch : batches) {
      System.arraycopy(batch.images(), 0, joined, offset, batch.size() * IMAGE);
      offset += batch.size() * IMAGE;
    }
    assertArrayEquals(set.pixels(), joined);
  }

  @Test
  void augmentedImageIsItsSourceShiftedAtMostFourPixelsMaybeMirroredAndZeroPadded() {
    ImageSet set = distinctImages(200);
    int flipped = 0;
    int moved = 0;
    for (Batch batch : all(BatchPipeline.training(set, 50, 11, 2, true))) {
      for (int i = 0; i < batch.size(); i++) {
        byte[] actual = image(batch, i);
        int[] match = findShift(set, batch.labels()[i], actual);
        assertTrue(match != null, "image " + batch.labels()[i] + " is no crop of its source");
        if (match[2] == 1) flipped++;
        if (match[0] != 0 || match[1] != 0) moved++;
      }
    }
    // 200 fair coin flips and 81 equally likely shifts: far from all or none.
    assertTrue(flipped > 60 && flipped < 140, flipped + " of 200 flipped");
    assertTrue(moved > 150, moved + " of 200 shifted");
  }

  /** (dy, dx, flip) reproducing {@code actual} from its source, or null. */
  private static int[] findShift(ImageSet set, int index, byte[] actual) {
    for (int dy = -PAD; dy <= PAD; dy++) {
      for (int dx = -PAD; dx <= PAD; dx++) {
        for (int flip = 0; flip < 2; flip++) {
          if (Arrays.equals(actual, shifted(set, index, dy, dx, flip == 1))) {
            return new int[] {dy, dx, flip};
          }
        }
      }
    }
    return null;
  }

  @Test
  void everyShiftAndMirrorMatchesTheDefinition() {
    ImageSet set = distinctImages(2);
    byte[] out = new byte[2 * IMAGE];
    for (int dy = -PAD; dy <= PAD; dy++) {
      for (int dx = -PAD; dx <= PAD; dx++) {
        for (boolean flip : new boolean[] {false, true}) {
          Arrays.fill(out, (byte) 7); // stale content must be overwritten
          BatchPipeline.copyAugmented(set, 1, out, IMAGE, dy, dx, flip);
          assertArrayEquals(shifted(set, 1, dy, dx, flip),
              Arrays.copyOfRange(out, IMAGE, 2 * IMAGE), dy + "," + dx + "," + flip);
          assertEquals(7, out[IMAGE - 1], "bytes before the offset are left alone");
        }
      }
    }
  }

  @Test
  void flipMirrorsEachRow() {
    ImageSet set = distinctImages(1);
    byte[] out = new byte[IMAGE];

    BatchPipeline.copyAugmented(set, 0, out, 0, 0, 0, true);

    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        for (int c = 0; c < CHANNELS; c++) {
          assertEquals(set.pixels()[(y * SIZE + SIZE - 1 - x) * CHANNELS + c],
              out[(y * SIZE + x) * CHANNELS + c]);
        }
      }
    }
  }

  @Test
  void shiftMovesContentAndFillsTheUncoveredBorderWithZeros() {
    ImageSet set = distinctImages(1);
    byte[] out = new byte[IMAGE];

    BatchPipeline.copyAugmented(set, 0, out, 0, 4, -3, false);

    // Output (y, x) shows source (y + 4, x - 3): the last 4 rows and first 3 columns are padding.
    assertEquals(set.pixels()[(4 * SIZE + 0) * CHANNELS], out[(0 * SIZE + 3) * CHANNELS]);
    for (int x = 0; x < SIZE; x++) assertEquals(0, out[(28 * SIZE + x) * CHANNELS]);
    for (int y = 0; y < SIZE; y++) assertEquals(0, out[(y * SIZE + 2) * CHANNELS + 2]);
  }

  @Test
  void anEpochIsTheSameWhateverRanBeforeItSoResumingReproducesIt() {
    ImageSet set = distinctImages(120);
    List<Batch> fresh = all(BatchPipeline.training(set, 32, 5, 3, true));
    for (int epoch = 0; epoch < 3; epoch++) all(BatchPipeline.training(set, 32, 5, epoch, true));
    List<Batch> afterOthers = all(BatchPipeline.training(set, 32, 5, 3, true));

    assertArrayEquals(labels(fresh), labels(afterOthers));
    for (int b = 0; b < fresh.size(); b++) {
      assertArrayEquals(fresh.get(b).images(), afterOthers.get(b).images());
    }
    assertFalse(Arrays.equals(labels(fresh), labels(all(BatchPipeline.training(set, 32, 5, 4,
        true)))), "another epoch, another order");
    assertFalse(Arrays.equals(labels(fresh), labels(all(BatchPipeline.training(set, 32, 6, 3,
        true)))), "another seed, another order");
  }
}
