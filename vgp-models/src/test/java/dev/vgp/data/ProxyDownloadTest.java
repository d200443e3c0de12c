package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads through a real forward proxy on the loopback interface, as settings.xml declares. */
class ProxyDownloadTest {

  private static final String PATH = "/mirror/cifar-100-binary.tar.gz";

  @TempDir Path temp;
  private LoopbackServer server;
  private final DataFetcher fetcher = new DataFetcher(Duration.ofMillis(10));
  private final List<String> log = new ArrayList<>();
  private final FetchListener listener = FetchListener.of(log::add);
  private byte[] archive;
  private String checksum;

  @BeforeEach
  void serveSyntheticArchive() throws IOException {
    Path file = temp.resolve("synthetic.tar.gz");
    checksum = SyntheticCifarArchive.write(file, DatasetKind.CIFAR100, 200, 100, 3);
    archive = Files.readAllBytes(file);
    server = new LoopbackServer();
    server.serve(PATH, archive);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private FetchRequest through(URI url, HttpProxy... proxies) {
    return new FetchRequest(DatasetKind.CIFAR100, temp.resolve("cache"), url, checksum, null,
        null, false, List.of(proxies));
  }

  private static HttpProxy proxyAt(int port, String username, String password,
      String nonProxyHosts) {
    return new HttpProxy("http", "127.0.0.1", port, username, password, nonProxyHosts);
  }

  private String downloadLine() {
    return log.stream().filter(line -> line.startsWith("downloading ")).findFirst().orElseThrow();
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
    Path part = temp.resolve("cache/cifar100/download/cifar-100-binary.tar.gz.part");
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
    try (TunnelRefusingProxy proxy = new TunnelRefusingProxy("407 Proxy Authentication Required")) {
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
