package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCifarArchiveTest {

  @TempDir Path temp;

  private Dataset fetchAndLoad(DatasetKind kind, int train, int test, long seed) {
    Path archive = temp.resolve(kind.id() + seed + ".tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, kind, train, test, seed);
    FetchRequest request = new FetchRequest(kind, temp.resolve("cache" + seed), null, checksum,
        archive, null, true);
    PreparedData prepared = new DataFetcher(Duration.ZERO).fetch(request, FetchListener.SILENT);
    return Datasets.load(prepared, FetchListener.SILENT);
  }

  @Test
  void sameArgumentsGiveTheSameArchiveAndAnotherSeedAnother() {
    String a = SyntheticCifarArchive.write(temp.resolve("a.tar.gz"), DatasetKind.CIFAR100, 50, 10,
        1);
    String b = SyntheticCifarArchive.write(temp.resolve("b.tar.gz"), DatasetKind.CIFAR100, 50, 10,
        1);
    String c = SyntheticCifarArchive.write(temp.resolve("c.tar.gz"), DatasetKind.CIFAR100, 50, 10,
        2);

    assertEquals(a, b);
    assertNotEquals(a, c);
    assertTrue(a.matches("md5:[0-9a-f]{32}"), a);
  }

  @Test
  void cifar10LayoutSpreadsTrainingImagesOverFiveBatchFiles() throws Exception {
    Dataset dataset = fetchAndLoad(DatasetKind.CIFAR10, 1003, 50, 3);

    assertEquals("cifar10", dataset.name());
    assertEquals(10, dataset.numClasses());
    assertEquals(1003 - 51, dataset.train().count());
    assertEquals(51, dataset.validation().count());
    assertEquals(50, dataset.test().count());
  }

  @Test
  void classesAreLearnableByNearestClassMean() {
    Dataset dataset = fetchAndLoad(DatasetKind.CIFAR100, 1000, 500, 4);
    ImageSet train = dataset.train();
    int size = train.imageBytes();
    double[][] means = new double[100][size];
    int[] counts = new int[100];
    for (int i = 0; i < train.count(); i++) {
      int label = train.labels()[i];
      counts[label]++;
      for (int p = 0; p < size; p++) means[label][p] += train.pixels()[i * size + p] & 0xff;
    }
    ImageSet test = dataset.test();
    int correct = 0;
    for (int i = 0; i < test.count(); i++) {
      int best = -1;
      double bestDistance = Double.MAX_VALUE;
      for (int c = 0; c < 100; c++) {
        if (counts[c] == 0) continue;
        double distance = 0;
        for (int p = 0; p < size; p++) {
          double d = (test.pixels()[i * size + p] & 0xff) - means[c][p] / counts[c];
          distance += d * d;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      if (best == test.labels()[i]) correct++;
    }
    assertTrue(correct > 0.95 * test.count(), correct + " of " + test.count() + " correct");
  }

  @Test
  void mainWritesTheArchiveAndPrintsItsChecksum() throws Exception {
    Path out = temp.resolve("out/cifar-100-binary.tar.gz");
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      SyntheticCifarArchive.main(new String[] {out.toString(), "20", "5"});
    } finally {
      System.setOut(original);
    }

    assertTrue(Files.isRegularFile(out));
    assertEquals(Checksum.md5Of(out) + "  " + out + System.lineSeparator(),
        printed.toString(StandardCharsets.UTF_8));
  }
}
