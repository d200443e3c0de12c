package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real Fashion-MNIST that Debian's dataset-fashion-mnist package installs. */
class FashionMnistTest {

  private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path temp;
  private final DataFetcher fetcher = new DataFetcher(Duration.ofMillis(10));

  @BeforeEach
  void requireDebianPackage() {
    assumeTrue(Files.isDirectory(DEBIAN), DEBIAN + " is absent: install the Debian package "
        + "dataset-fashion-mnist (CI does) to run the Fashion-MNIST tests");
  }

  @Test
  void debianFilesVerifyAndLoadAsSixtyThousandPlusTenThousandBalancedImages() {
    FetchRequest request = new FetchRequest(DatasetKind.FASHION_MNIST, temp, null, null, null,
        DEBIAN, true);

    PreparedData prepared = fetcher.fetch(request, FetchListener.SILENT);
    Dataset dataset = Datasets.load(prepared, FetchListener.SILENT);

    assertEquals(DatasetKind.FASHION_MNIST.source().officialChecksum(), dataset.checksum());
    assertEquals(57_000, dataset.train().count());
    assertEquals(57_000, Datasets.trainImages(prepared));
    assertEquals(3_000, dataset.validation().count());
    assertEquals(10_000, dataset.test().count());
    int[] perClass = new int[10];
    for (int label : dataset.train().labels()) perClass[label]++;
    for (int label : dataset.validation().labels()) perClass[label]++;
    assertArrayEquals(filled(6_000), perClass);
    int[] testPerClass = new int[10];
    for (int label : dataset.test().labels()) testPerClass[label]++;
    assertArrayEquals(filled(1_000), testPerClass);
    assertEquals(1, dataset.train().channels());
    assertEquals(32, dataset.train().height());
  }

  @Test
  void imagesArePaddedWithTwoZeroPixelsOnEachSide() {
    ImageSet test = DatasetKind.FASHION_MNIST.readTestFiles(DEBIAN);
    int nonZeroInside = 0;
    byte[] px = test.pixels();
    for (int i = 0; i < 100; i++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          int value = px[i * 1024 + y * 32 + x];
          boolean border = y < 2 || y >= 30 || x < 2 || x >= 30;
          if (border) assertEquals(0, value, "image " + i + " at " + y + "," + x);
          else if (value != 0) nonZeroInside++;
        }
      }
    }
    assertTrue(nonZeroInside > 100 * 200, "the 28x28 content is where it belongs");
  }

  @Test
  void downloadFromAMirrorIsVerifiedOnDecompressedBytesWhateverTheGzipLooksLike()
      throws IOException {
    try (LoopbackServer server = new LoopbackServer()) {
      for (String name : DatasetKind.FASHION_MNIST.source().files()) {
        server.serve("/fmnist/" + name, Files.readAllBytes(DEBIAN.resolve(name)));
      }
      FetchRequest request = new FetchRequest(DatasetKind.FASHION_MNIST, temp,
          server.uri("/fmnist"), null, null, null, false);

      PreparedData prepared = fetcher.fetch(request, FetchListener.SILENT);

      assertEquals(temp.resolve("fashion-mnist/data"), prepared.directory());
      assertEquals(4, server.requests().size());
      assertEquals(DatasetKind.FASHION_MNIST.source().officialChecksum(), prepared.checksum());
    }
  }

  @Test
  void mirrorServingOtherContentIsRejectedAndItsFilesDeleted() throws IOException {
    try (LoopbackServer server = new LoopbackServer()) {
      for (String name : DatasetKind.FASHION_MNIST.source().files()) {
        server.serve("/fmnist/" + name, gzip(new byte[] {0, 0, 8, 1, 0, 0, 0, 0}));
      }
      FetchRequest request = new FetchRequest(DatasetKind.FASHION_MNIST, temp,
          server.uri("/fmnist/"), null, null, null, false);

      DataException e = assertThrows(DataException.class,
          () -> fetcher.fetch(request, FetchListener.SILENT));

      assertTrue(e.getMessage().contains("expected "
          + DatasetKind.FASHION_MNIST.source().officialChecksum()), e.getMessage());
      assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz sha256:"), e.getMessage());
      try (var left = Files.list(temp.resolve("fashion-mnist/download"))) {
        assertEquals(0, left.count());
      }
    }
  }

  @Test
  void mirrorServingFilesThatDoNotDecompressIsRejectedAndTheyAreNotReused() throws IOException {
    try (LoopbackServer server = new LoopbackServer()) {
      for (String name : DatasetKind.FASHION_MNIST.source().files()) {
        server.serve("/fmnist/" + name, "not gzip".getBytes(StandardCharsets.US_ASCII));
      }
      FetchRequest request = new FetchRequest(DatasetKind.FASHION_MNIST, temp,
          server.uri("/fmnist/"), null, null, null, false);

      DataException e = assertThrows(DataException.class,
          () -> fetcher.fetch(request, FetchListener.SILENT));

      assertTrue(e.getMessage().contains("could not read"), e.getMessage());
      try (var left = Files.list(temp.resolve("fashion-mnist/download"))) {
        assertEquals(0, left.count());
      }
    }
  }

  private static int[] filled(int value) {
    int[] counts = new int[10];
    Arrays.fill(counts, value);
    return counts;
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }
}
