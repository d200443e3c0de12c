package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.LoopbackServer.Behaviour;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching over real HTTP from a loopback server, direct or through a proxy: download, resume,
 * verify, extract, reuse.
 */
class DataFetcherTest {

  private static final String PATH = "/mirror/cifar-100-binary.tar.gz";

  @TempDir Path temp;
  private LoopbackServer server;
  private final DataFetcher fetcher = new DataFetcher(Duration.ofMillis(10));
  private final List<String> log = new ArrayList<>();
  private final FetchListener listener = FetchListener.of(log::add);
  private Path cache;
  private byte[] archive;
  private String checksum;

  @BeforeEach
  void serveSyntheticArchive() throws IOException {
    cache = temp.resolve("cache");
    Path file = temp.resolve("synthetic.tar.gz");
    checksum = SyntheticCifarArchive.write(file, DatasetKind.CIFAR100, 400, 100, 7);
    archive = Files.readAllBytes(file);
    server = new LoopbackServer();
    server.serve(PATH, archive);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private FetchRequest mirror(String expected) {
    return new FetchRequest(DatasetKind.CIFAR100, cache, server.uri(PATH), expected, null, null,
        false);
  }

  private Path home() {
    return cache.resolve("cifar100");
  }

  @Test
  void fetchDownloadsVerifiesExtractsAndLoadsWithTheReferenceSplit() {
    PreparedData prepared = fetcher.fetch(mirror(checksum), listener);

    assertEquals(home().resolve("data/cifar-100-binary"), prepared.directory());
    assertEquals(checksum, prepared.checksum());
    assertEquals(checksum + "\n", read(home().resolve("verified")));
    assertTrue(log.stream().anyMatch(line -> line.contains("(100%)")), log::toString);

    Dataset dataset = Datasets.load(prepared, listener);
    assertEquals("cifar100", dataset.name());
    assertEquals(100, dataset.numClasses());
    assertEquals(checksum, dataset.checksum());
    assertEquals(380, dataset.train().count());
    assertEquals(20, dataset.validation().count());
    assertEquals(100, dataset.test().count());
    // The synthetic archive labels image i with class i % 100; the split picks the labels.
    ReferenceSplit split = ReferenceSplit.of(400);
    assertEquals(split.train()[0] % 100, dataset.train().labels()[0]);
    assertEquals(split.validation()[0] % 100, dataset.validation().labels()[0]);
    assertTrue(log.stream().anyMatch(line -> line.contains("380 train and 20 validation")));
  }

  @Test
  void progressIsReportedEveryTenPercentAndAtTheEnd() {
    List<long[]> reports = new ArrayList<>();
    FetchListener counting = new FetchListener() {
      @Override
      public void progress(long bytes, long totalBytes, double bytesPerSecond) {
        reports.add(new long[] {bytes, totalBytes});
      }
    };

    fetcher.fetch(mirror(checksum), counting);

    assertTrue(archive.length > 20 * 65_536, "the archive spans many reads");
    // One per 10% (more only if a read took over 2 s), the last at the full size.
    assertTrue(reports.size() >= 10 && reports.size() <= 12, reports.size() + " reports");
    assertArrayEquals(new long[] {archive.length, archive.length}, reports.get(reports.size() - 1));
  }

  @Test
  void progressLineShowsBytesPercentageAndRate() {
    assertEquals("12.3 MB of 169.0 MB (7%), 3.2 MB/s",
        FetchListener.describeProgress(12_300_000, 169_000_000, 3_200_000));
    assertEquals("12.3 MB, 3.2 MB/s", FetchListener.describeProgress(12_300_000, -1, 3_200_000));
  }

  @Test
  void secondFetchDownloadsNothingEvenOffline() {
    fetcher.fetch(mirror(checksum), listener);
    FetchRequest offline = new FetchRequest(DatasetKind.CIFAR100, cache, server.uri(PATH),
        checksum, null, null, true);
    PreparedData again = fetcher.fetch(offline, listener);

    assertEquals(1, server.requests().size(), server.requests()::toString);
    assertEquals(checksum, again.checksum());
  }

  @Test
  void wrongChecksumFailsClearlyAndLeavesEarlierDataAsItWas() throws IOException {
    PreparedData good = fetcher.fetch(mirror(checksum), listener);
    byte[] before = Files.readAllBytes(good.directory().resolve("train.bin"));
    String wrong = DatasetKind.CIFAR100.source().officialChecksum();

    DataException e = assertThrows(DataException.class,
        () -> fetcher.fetch(mirror(wrong), listener));

    assertTrue(e.getMessage().contains("has checksum " + checksum + ", expected " + wrong),
        e.getMessage());
    assertTrue(e.getMessage().contains("-Dvgp.dataChecksum"), e.getMessage());
    assertEquals(List.of("cifar-100-binary.tar.gz"), names(home().resolve("download")));
    assertEquals(List.of("data", "download", "verified"), names(home()));
    assertEquals(checksum + "\n", read(home().resolve("verified")));
    assertTrue(Arrays.equals(before, Files.readAllBytes(good.directory().resolve("train.bin"))));
  }

  @Test
  void foldersLeftByAnInterruptedFetchAreRemovedByTheNext() throws IOException {
    Files.createDirectories(home().resolve("data-123/cifar-100-binary"));
    Files.createDirectories(home().resolve("old-456/data"));

    fetcher.fetch(mirror(checksum), listener);

    assertEquals(List.of("data", "download", "verified"), names(home()));
  }

  @Test
  void truncatedArchiveIsRejectedAndNothingHalfMadeIsLeft() throws IOException {
    Path truncated = temp.resolve("truncated.tar.gz");
    Files.write(truncated, Arrays.copyOf(archive, archive.length / 2));
    String truncatedChecksum = Checksum.md5Of(truncated).toString();
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, cache, null, truncatedChecksum,
        truncated, null, true);

    DataException e = assertThrows(DataException.class, () -> fetcher.fetch(request, listener));

    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertEquals(List.of("download"), names(home()));
  }

  @Test
  void transferBrokenOffIsResumedWithARangeRequest() {
    server.script(Behaviour.BREAK_HALFWAY);

    PreparedData prepared = fetcher.fetch(mirror(checksum), listener);

    assertEquals(checksum, prepared.checksum());
    assertEquals(2, server.requests().size(), server.requests()::toString);
    assertTrue(server.requests().get(1).matches("GET " + PATH + " bytes=[1-9]\\d*-"),
        server.requests()::toString);
  }

  @Test
  void serverErrorsAfterAPartialTransferKeepThePartForTheNextFetchToResume() {
    server.script(Behaviour.BREAK_HALFWAY, Behaviour.FAIL_500, Behaviour.FAIL_500);

    DataException e = assertThrows(DataException.class,
        () -> fetcher.fetch(mirror(checksum), listener));
    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    assertTrue(e.getMessage().contains("next fetch resumes it"), e.getMessage());
    Path part = home().resolve("download/cifar-100-binary.tar.gz.part");
    long kept = size(part);
    assertTrue(kept > 0 && kept < archive.length, "kept " + kept);

    PreparedData prepared = fetcher.fetch(mirror(checksum), listener);

    assertEquals(checksum, prepared.checksum());
    assertEquals("GET " + PATH + " bytes=" + kept + "-", server.requests().get(3));
    assertFalse(Files.exists(part));
  }

  @Test
  void redirectsAreFollowed() {
    server.redirect("/old/cifar.tar.gz", PATH);
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, cache,
        server.uri("/old/cifar.tar.gz"), checksum, null, null, false);

    assertEquals(checksum, fetcher.fetch(request, listener).checksum());
    assertEquals(List.of("GET /old/cifar.tar.gz", "GET " + PATH), server.requests());
  }

  @Test
  void missingFileOnTheServerNamesTheUrl() {
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, cache,
        server.uri("/nothing-here.tar.gz"), checksum, null, null, false);

    DataException e = assertThrows(DataException.class, () -> fetcher.fetch(request, listener));

    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertEquals(1, server.requests().size(), "a 404 is not retried");
  }

  @Test
  void noServerAtAllSaysHowToPointAtAnotherSource() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, cache,
        URI.create("http://127.0.0.1:" + closedPort + PATH), null, null, null, false);

    DataException e = assertThrows(DataException.class, () -> fetcher.fetch(request, listener));

    assertTrue(e.getMessage().contains("cannot reach 127.0.0.1"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dvgp.dataUrl"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dvgp.dataArchive"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dvgp.dataDirectory"), e.getMessage());
  }

  @Test
  void offlineWithAnEmptyCacheSaysWhatToDo() {
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, cache, null, null, null, null,
        true);

    DataException e = assertThrows(DataException.class, () -> fetcher.fetch(request, listener));

    assertTrue(e.getMessage().startsWith("offline, and " + home()), e.getMessage());
    assertTrue(e.getMessage().contains("-Dvgp.dataArchive"), e.getMessage());
  }

  @Test
  void offlineWithAMirrorGivenSaysMavensOfflineModeIsTheCause() {
    URI mirror = URI.create("http://mirror.example/cifar-100-binary.tar.gz");
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, cache, mirror, null, null, null,
        true);

    DataException e = assertThrows(DataException.class, () -> fetcher.fetch(request, listener));

    assertTrue(e.getMessage().endsWith("The mirror " + mirror + " given with -Dvgp.dataUrl is"
        + " not tried because Maven runs offline (-o, or -Dvgp.offline=true): drop -o to"
        + " download from it."), e.getMessage());
  }

  @Test
  void localArchiveIsVerifiedAndExtractedWithoutNetwork() throws IOException {
    Path local = temp.resolve("cifar-100-binary.tar.gz");
    Files.write(local, archive);
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, cache, null, checksum, local,
        null, true);

    PreparedData prepared = fetcher.fetch(request, listener);

    assertEquals(checksum, prepared.checksum());
    assertTrue(Files.isRegularFile(prepared.directory().resolve("test.bin")));
    assertTrue(server.requests().isEmpty());
  }

  @Test
  void extractedDirectoryIsReadInPlaceAndItsContentDigestReported() {
    PreparedData fetched = fetcher.fetch(mirror(checksum), listener);
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100, temp.resolve("other-cache"),
        null, null, null, fetched.directory().getParent(), true);

    PreparedData inPlace = fetcher.fetch(request, listener);

    assertEquals(fetched.directory(), inPlace.directory());
    assertTrue(inPlace.checksum().startsWith("sha256:"));
    assertTrue(log.stream().anyMatch(line -> line.contains("-Dvgp.dataChecksum="
        + inPlace.checksum())), log::toString);
    FetchRequest pinnedWrong = new FetchRequest(DatasetKind.CIFAR100, temp.resolve("other-cache"),
        null, "sha256:" + "0".repeat(64), null, fetched.directory(), true);
    assertThrows(DataException.class, () -> fetcher.fetch(pinnedWrong, listener));
  }

  private static List<String> names(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Downloads through a real forwarding proxy on loopback, as settings.xml declares one. */
  @Nested
  class ThroughAProxy {

    private FetchRequest through(URI url, HttpProxy... proxies) {
      return new FetchRequest(DatasetKind.CIFAR100, cache, url, checksum, null, null, false,
          List.of(proxies));
    }

    private static HttpProxy proxyAt(int port, String username, String password,
        String nonProxyHosts) {
      return new HttpProxy("http", "127.0.0.1", port, username, password, nonProxyHosts);
    }

    private String downloadLine() {
      return log.stream().filter(line -> line.startsWith("downloading ")).findFirst()
          .orElseThrow();
    }

    @Test
    void downloadsGoThroughTheProxyWithItsCredentials() throws IOException {
      try (LoopbackProxy proxy = new LoopbackProxy("alice", "s3cret")) {
        PreparedData prepared = fetcher.fetch(
            through(server.uri(PATH), proxyAt(proxy.port(), "alice", "s3cret", null)), listener);

        assertEquals(checksum, prepared.checksum());
        assertEquals(List.of("GET " + server.uri(PATH)), proxy.requests());
        assertEquals(List.of("GET " + PATH), server.requests(), "the proxy really forwarded it");
        String basic = "Basic " + Base64.getEncoder()
            .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        assertTrue(proxy.authorizations().contains(basic), proxy.authorizations()::toString);
        assertTrue(downloadLine().startsWith("downloading " + server.uri(PATH) + " to "));
        assertTrue(downloadLine().endsWith(", via proxy 127.0.0.1:" + proxy.port()),
            downloadLine());
      }
    }

    @Test
    void hostsInNonProxyHostsAreReachedDirect() throws IOException {
      try (LoopbackProxy proxy = new LoopbackProxy()) {
        fetcher.fetch(through(server.uri(PATH),
            proxyAt(proxy.port(), null, null, "data.example.org|127.0.0.*")), listener);

        assertEquals(List.of(), proxy.requests());
        assertEquals(List.of("GET " + PATH), server.requests());
        assertTrue(downloadLine().endsWith(", direct"), downloadLine());
      }
    }

    @Test
    void aPartialDownloadResumesThroughTheProxy() throws IOException {
      Path part = home().resolve("download/cifar-100-binary.tar.gz.part");
      Files.createDirectories(part.getParent());
      int kept = archive.length / 3;
      Files.write(part, Arrays.copyOf(archive, kept));
      try (LoopbackProxy proxy = new LoopbackProxy()) {
        PreparedData prepared = fetcher.fetch(
            through(server.uri(PATH), proxyAt(proxy.port(), null, null, null)), listener);

        assertEquals(checksum, prepared.checksum());
        assertEquals(List.of("GET " + server.uri(PATH) + " bytes=" + kept + "-"),
            proxy.requests());
        assertTrue(log.contains("resuming at byte " + kept), log::toString);
      }
    }

    @Test
    void aRedirectToAHostInNonProxyHostsLeavesTheProxy() throws IOException {
      URI moved = URI.create(server.uri(PATH).toString().replace("127.0.0.1", "localhost"));
      server.redirect("/old/cifar.tar.gz", moved.toString());
      try (LoopbackProxy proxy = new LoopbackProxy()) {
        fetcher.fetch(through(server.uri("/old/cifar.tar.gz"),
            proxyAt(proxy.port(), null, null, "localhost")), listener);

        assertEquals(List.of("GET " + server.uri("/old/cifar.tar.gz")), proxy.requests());
        assertEquals(List.of("GET /old/cifar.tar.gz", "GET " + PATH), server.requests());
        assertTrue(log.contains("redirected to " + moved + ", direct"), log::toString);
      }
    }

    @Test
    void credentialsTheProxyRefusesAreNamedButNotTheirPassword() throws IOException {
      try (LoopbackProxy proxy = new LoopbackProxy("alice", "s3cret")) {
        FetchRequest request =
            through(server.uri(PATH), proxyAt(proxy.port(), "alice", "wrong", null));

        DataException e = assertThrows(DataException.class, () -> fetcher.fetch(request, listener));

        assertTrue(e.getMessage().contains("proxy 127.0.0.1:" + proxy.port() + " answered HTTP 407"
            + " for " + server.uri(PATH) + ": it refused the credentials of user alice"),
            e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), e.getMessage());
        assertFalse(request.toString().contains("wrong"), request.toString());
        assertEquals(List.of(), server.requests());
      }
    }

    @Test
    void aProxyThatWantsCredentialsSaysWhereToGiveThem() throws IOException {
      try (LoopbackProxy proxy = new LoopbackProxy("alice", "s3cret")) {
        DataException e = assertThrows(DataException.class, () -> fetcher.fetch(
            through(server.uri(PATH), proxyAt(proxy.port(), null, null, null)), listener));

        assertTrue(e.getMessage().contains("it wants credentials; give <username> and <password>"
            + " in its <proxy> of Maven's settings.xml"), e.getMessage());
      }
    }

    /**
     * The JDK withholds Basic credentials from the CONNECT of an https URL unless told otherwise;
     * the failure says how to tell it, instead of retrying in vain.
     */
    @Test
    void anHttpsTunnelRefusedForCredentialsSaysHowToLetTheJdkSendThem() throws IOException {
      try (TunnelRefusingProxy proxy =
          new TunnelRefusingProxy("407 Proxy Authentication Required")) {
        URI url = URI.create("https://data.example.invalid/cifar-100-binary.tar.gz");
        DataException e = assertThrows(DataException.class, () -> fetcher.fetch(
            through(url, proxyAt(proxy.port(), "alice", "s3cret", null)), listener));

        assertTrue(downloadLine().endsWith(", via proxy 127.0.0.1:" + proxy.port()),
            "an https URL takes the http proxy when no https one is declared: " + downloadLine());
        assertEquals("CONNECT data.example.invalid:443 HTTP/1.1", proxy.requests().get(0));
        assertTrue(e.getMessage().contains("answered HTTP 407 for " + url
            + ": the JDK sends no Basic credentials"), e.getMessage());
        assertTrue(e.getMessage().contains("MAVEN_OPTS=\"-Djdk.http.auth.tunneling"
            + ".disabledSchemes=\""), e.getMessage());
        assertFalse(log.stream().anyMatch(line -> line.contains("retrying")), "not retried");
      }
    }

    @Test
    void anHttpsTunnelTheProxyForbidsFailsAtOnceNamingTheProxy() throws IOException {
      try (TunnelRefusingProxy proxy = new TunnelRefusingProxy("403 Forbidden")) {
        URI url = URI.create("https://data.example.invalid/cifar-100-binary.tar.gz");
        DataException e = assertThrows(DataException.class, () -> fetcher.fetch(
            through(url, proxyAt(proxy.port(), null, null, null)), listener));

        assertTrue(e.getMessage().contains("proxy 127.0.0.1:" + proxy.port() + " refused to "
            + "connect to data.example.invalid: Unable to tunnel through proxy. Proxy returns "
            + "\"HTTP/1.1 403 Forbidden\""), e.getMessage());
        assertEquals(1, proxy.requests().size(), "not retried");
      }
    }
  }

  /** Answers every request, CONNECT included, with one status, recording the request lines. */
  private static final class TunnelRefusingProxy implements AutoCloseable {
    private final ServerSocket socket =
        new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final String status;

    TunnelRefusingProxy(String status) throws IOException {
      this.status = status;
      Thread thread = new Thread(this::refuseAll, "tunnel-refusing-proxy");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    List<String> requests() {
      return requests;
    }

    private void refuseAll() {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          BufferedReader in = new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
          requests.add(in.readLine());
          for (String line = in.readLine(); line != null && !line.isEmpty(); ) {
            line = in.readLine();
          }
          OutputStream out = client.getOutputStream();
          out.write(("HTTP/1.1 " + status + "\r\n"
              + "Proxy-Authenticate: Basic realm=\"loopback\"\r\nContent-Length: 0\r\n"
              + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } catch (IOException e) {
          // Closed: the test is over.
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
