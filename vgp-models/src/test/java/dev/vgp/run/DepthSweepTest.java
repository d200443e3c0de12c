package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.Dataset;
import dev.vgp.data.ImageSet;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.Normalization;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A sweep of two depths at one init on 8x8 noise: every variant measured beside predicted. */
class DepthSweepTest {

  @Test
  void everyVariantAtEveryDepthIsMeasuredAndPredicted() {
    List<String> log = new ArrayList<>();
    List<DepthSweepRow> rows = DepthSweep.measure(noise(), new DepthSweep.Plan(List.of(0, 1),
        List.of(Initialization.REFERENCE), 4, 1, 0), log::add);
    assertEquals(List.of("plain", "BN", "RC", "BN + RC", "BN + RC + zero-gamma", "RC + ReZero",
        "RC + Fixup"), rows.stream().map(DepthSweepRow::variant).distinct().toList());
    assertEquals(14, rows.size());
    assertEquals(List.of(8, 14),
        rows.stream().map(DepthSweepRow::weightLayers).distinct().toList());
    for (DepthSweepRow row : rows) {
      assertTrue(row.measuredRatio() > 0 && Double.isFinite(row.measuredRatio()), row.toString());
      assertTrue(row.predictedRatio() > 0 && Double.isFinite(row.predictedRatio()),
          row.toString());
    }
    // without blocks a residual VGG is the plain one: the same weights, the same batch
    assertEquals(rows.get(0).measuredRatio(), rows.get(4).measuredRatio());
    assertEquals(rows.get(0).predictedRatio(), rows.get(4).predictedRatio());
    assertEquals(14, log.size());
    assertTrue(log.get(1).startsWith("depth sweep: plain, reference init, 1 blocks per stage (14"
        + " weight layers): first/last ratio measured "), log.get(1));
  }

  @Test
  void aPlanWithoutDepthsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DepthSweep.Plan(List.of(), List.of(Initialization.HE), 4, 1, 0));
    assertTrue(e.getMessage().contains("e.g. 0,1,2,3,5,8,12"), e.getMessage());
  }

  /** 8x8 grey noise in 10 classes. */
  private static Dataset noise() {
    SplittableRandom random = new SplittableRandom(3);
    byte[] pixels = new byte[16 * 64];
    for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) random.nextInt(256);
    int[] labels = new int[16];
    for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
    ImageSet images = new ImageSet(pixels, labels, 8, 8, 1);
    return new Dataset() {
      @Override
      public String name() {
        return "noise";
      }

      @Override
      public int numClasses() {
        return 10;
      }

      @Override
      public ImageSet train() {
        return images;
      }

      @Override
      public ImageSet validation() {
        return images;
      }

      @Override
      public ImageSet test() {
        return images;
      }

      @Override
      public Normalization normalization() {
        return new Normalization(new float[] {0.5f}, new float[] {0.29f});
      }

      @Override
      public String checksum() {
        return "noise";
      }
    };
  }
}
