package dev.vgp.data;

import dev.vgp.data.BatchPipeline.BatchStream;
import dev.vgp.spec.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the data path at full CIFAR size on a synthetic archive; prints figures, asserts none
 * (speed varies by machine). Run with -Dvgp.timings=true; it writes about 300 MB under
 * java.io.tmpdir/vgp-timings and deletes nothing, so a second run reuses the archive and cache.
 */
@EnabledIfSystemProperty(named = "vgp.timings", matches = "true")
class DataTimingsTest {

  @Test
  void fullSizeCifarReadSplitAndOneAugmentedEpoch() throws Exception {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "vgp-timings");
    Path archive = dir.resolve("cifar-100-binary.tar.gz");
    long t = System.nanoTime();
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 50_000, 10_000,
        0);
    report("write synthetic archive (50,000 + 10,000)", t, Files.size(archive) / 1e6 + " MB");

    t = System.nanoTime();
    PreparedData prepared = new DataFetcher().fetch(new FetchRequest(DatasetKind.CIFAR100,
        dir.resolve("cache"), null, checksum, archive, null, true), FetchListener.SILENT);
    report("verify + extract (or reuse when verified)", t, "");

    t = System.nanoTime();
    ImageSet trainFile = CifarBinary.CIFAR100.read(
        List.of(prepared.directory().resolve("train.bin")));
    report("read 50,000 records", t, "");

    t = System.nanoTime();
    ReferenceSplit split = ReferenceSplit.of(trainFile.count());
    report("reference split of 50,000", t, "");

    t = System.nanoTime();
    ImageSet train = trainFile.select(split.train());
    report("select 47,500 train images", t, "");

    for (int epoch = 0; epoch < 3; epoch++) {
      t = System.nanoTime();
      long images = 0;
      try (BatchStream stream = BatchPipeline.training(train, 100, 0, epoch, true)) {
        while (stream.hasNext()) images += stream.next().size();
      }
      report("augmented epoch " + epoch + " (" + images + " images, batches of 100)", t, "");
    }

    t = System.nanoTime();
    float[] normalized = new float[100 * train.imageBytes()];
    float checksumOfFloats = 0;
    try (BatchStream stream = BatchPipeline.training(train, 100, 0, 0, true)) {
      while (stream.hasNext()) {
        Batch batch = stream.next();
        normalize(batch, normalized, Normalization.cifar());
        checksumOfFloats += normalized[0];
      }
    }
    report("augmented epoch + normalising to float in Java", t, "(" + checksumOfFloats + ")");
  }

  /** What the trainer would do if normalisation ran in Java rather than in the graph. */
  private static void normalize(Batch batch, float[] out, Normalization norm) {
    int channels = norm.channels();
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = 1f / (255f * norm.std()[c]);
      shift[c] = norm.mean()[c] / norm.std()[c];
    }
    byte[] images = batch.images();
    for (int i = 0; i < batch.size() * 32 * 32 * channels; i++) {
      int c = i % channels;
      out[i] = (images[i] & 0xff) * scale[c] - shift[c];
    }
  }

  private static void report(String what, long startNanos, String extra) {
    System.out.printf(Locale.ROOT, "[vgp timings] %-55s %8.3f s %s%n", what,
        (System.nanoTime() - startNanos) / 1e9, extra);
  }
}
