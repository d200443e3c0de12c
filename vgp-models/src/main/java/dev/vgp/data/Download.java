package dev.vgp.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Downloads one URL into a partial file, resuming it with an HTTP Range request when the file
 * already holds bytes from an earlier attempt and the server agrees (206). Retries a transfer that
 * breaks off or a server error a few times; gives up at once when the host cannot be reached or
 * answers with a client error. Each URL, and each URL a redirect leads to, goes through the proxy
 * {@link HttpProxy#forUrl} picks for it, authenticating with its credentials.
 */
final class Download {

  static final int ATTEMPTS = 3;
  private static final String TUNNELING_DISABLED_SCHEMES =
      "jdk.http.auth.tunneling.disabledSchemes";
  private static final int MAX_REDIRECTS = 5;
  private static final int CONNECT_TIMEOUT_MS = 30_000;
  private static final double REPORT_FRACTION = 0.10;
  private static final long REPORT_NANOS = 2_000_000_000L;

  private final Duration retryDelay;
  private final Duration silence;

  Download(Duration retryDelay) {
    this(retryDelay, Duration.ofSeconds(60));
  }

  /** @param silence how long a server may keep a download waiting for its next bytes */
  Download(Duration retryDelay, Duration silence) {
    this.retryDelay = retryDelay;
    this.silence = silence;
  }

  /** A response that retrying might not fix, or a host that cannot be reached at all. */
  static final class Unrecoverable extends IOException {
    Unrecoverable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Makes {@code part} hold the whole content of {@code url}, unverified.
   *
   * @throws IOException when every attempt failed; {@code part} keeps what arrived, so a later
   *     call resumes from there
   */
  void into(URI url, List<HttpProxy> proxies, Path part, FetchListener listener)
      throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        transfer(url, proxies, part, listener);
        return;
      } catch (Unrecoverable e) {
        throw e;
      } catch (IOException e) {
        last = e;
        if (attempt < ATTEMPTS) {
          listener.info("download broke off (" + e.getMessage() + "); retrying with "
              + sizeOf(part) + " bytes kept, attempt " + (attempt + 1) + " of " + ATTEMPTS);
          pause(retryDelay.multipliedBy(attempt));
        }
      }
    }
    throw new IOException("gave up after " + ATTEMPTS + " attempts: " + last.getMessage(), last);
  }

  private void transfer(URI url, List<HttpProxy> proxies, Path part, FetchListener listener)
      throws IOException {
    long have = sizeOf(part);
    HttpURLConnection connection = connect(url, proxies, have, listener);
    try {
      int status = connection.getResponseCode();
      if (status == 416 && have > 0) {
        // Nothing lies past the bytes we hold: the file is complete, or verification rejects it.
        return;
      }
      if (status >= 500) throw new IOException("server answered HTTP " + status);
      boolean resumed = status == HttpURLConnection.HTTP_PARTIAL;
      if (resumed && !String.valueOf(connection.getHeaderField("Content-Range"))
          .startsWith("bytes " + have + "-")) {
        Files.delete(part);
        throw new IOException("server sent another range than asked for; starting over");
      }
      if (status != HttpURLConnection.HTTP_OK && !resumed) {
        throw new Unrecoverable("server answered HTTP " + status + " "
            + connection.getResponseMessage() + " for " + url, null);
      }
      if (have > 0) {
        listener.info(resumed ? "resuming at byte " + have
            : "server does not resume downloads; starting over");
      }
      long start = resumed ? have : 0;
      long length = connection.getContentLengthLong();
      long total = length < 0 ? -1 : start + length;
      try (InputStream in = connection.getInputStream();
          OutputStream out = resumed
              ? Files.newOutputStream(part, StandardOpenOption.APPEND)
              : Files.newOutputStream(part)) {
        long size = copy(in, out, start, total, listener);
        if (total >= 0 && size != total) {
          throw new IOException("connection closed after " + size + " of " + total + " bytes");
        }
      }
    } finally {
      connection.disconnect();
    }
  }

  /**
   * Opens {@code url}, following redirects here rather than in HttpURLConnection, which refuses
   * to follow one from http to https (mirrors do that). Each hop takes its own route, so a
   * redirect to a host in {@code nonProxyHosts} goes direct.
   */
  private HttpURLConnection connect(URI url, List<HttpProxy> proxies, long resumeFrom,
      FetchListener listener) throws IOException {
    URI current = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Route route = Route.to(current, proxies);
      HttpURLConnection connection = open(current, route, resumeFrom);
      int status;
      try {
        status = connection.getResponseCode();
      } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
        throw new Unrecoverable("cannot reach " + route.hostFor(current) + ": " + e, e);
      } catch (IOException e) {
        throw route.tunnelRefused(current, e);
      }
      if (status == HttpURLConnection.HTTP_PROXY_AUTH) {
        connection.disconnect();
        throw route.credentialsRefused(current);
      }
      String location = connection.getHeaderField("Location");
      if (status < 300 || status > 399 || location == null) return connection;
      connection.disconnect();
      current = current.resolve(location);
      listener.info("redirected to " + current + ", " + Route.to(current, proxies).describe());
    }
    throw new Unrecoverable("more than " + MAX_REDIRECTS + " redirects from " + url, null);
  }

  private HttpURLConnection open(URI url, Route route, long resumeFrom)
      throws IOException {
    String scheme = String.valueOf(url.getScheme());
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      throw new Unrecoverable("only http and https URLs can be downloaded, not " + url, null);
    }
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(route.proxy());
    if (route.declared() != null && route.declared().hasCredentials()) {
      connection.setAuthenticator(new ProxyCredentials(route.declared()));
    }
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
    connection.setReadTimeout((int) silence.toMillis());
    connection.setRequestProperty("User-Agent", "vgp");
    if (resumeFrom > 0) connection.setRequestProperty("Range", "bytes=" + resumeFrom + "-");
    return connection;
  }

  /** "via proxy host:port" or "direct": how a download of {@code url} goes, for the log. */
  static String describeRoute(URI url, List<HttpProxy> proxies) {
    return Route.to(url, proxies).describe();
  }

  /**
   * How one URL is reached: through the proxy Maven's settings give for it (declared), direct
   * when they declare proxies but none for it, and as the JVM's own proxy settings say when they
   * declare none (so {@code -Dhttps.proxyHost} in MAVEN_OPTS works as before).
   */
  private record Route(Proxy proxy, HttpProxy declared) {

    static Route to(URI url, List<HttpProxy> proxies) {
      if (!proxies.isEmpty()) {
        return HttpProxy.forUrl(proxies, url)
            .map(declared -> new Route(new Proxy(Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(declared.host(), declared.port())), declared))
            .orElse(new Route(Proxy.NO_PROXY, null));
      }
      ProxySelector jvm = ProxySelector.getDefault();
      List<Proxy> choices = jvm == null || url.getHost() == null ? List.of() : jvm.select(url);
      return new Route(choices.isEmpty() ? Proxy.NO_PROXY : choices.get(0), null);
    }

    String describe() {
      return proxy.type() == Proxy.Type.DIRECT ? "direct" : "via proxy " + address();
    }

    String address() {
      InetSocketAddress address = (InetSocketAddress) proxy.address();
      return address.getHostString() + ":" + address.getPort();
    }

    /** The host a failed connection was meant for: the proxy, when there is one. */
    String hostFor(URI url) {
      return proxy.type() == Proxy.Type.DIRECT ? url.getHost()
          : "proxy " + address() + " (for " + url.getHost() + ")";
    }

    /**
     * The proxy wants credentials it did not get: none are declared, the JDK withheld them
     * (Basic through an https tunnel), or it refused them.
     */
    Unrecoverable credentialsRefused(URI url) {
      String advice = !hasCredentials()
          ? "it wants credentials; give <username> and <password> in its <proxy> of Maven's "
              + "settings.xml"
          : url.getScheme().equalsIgnoreCase("https") && basicTunnelingDisabled()
              ? "the JDK sends no Basic credentials to a proxy for an https URL unless "
                  + TUNNELING_DISABLED_SCHEMES + " is emptied: run Maven with MAVEN_OPTS=\"-D"
                  + TUNNELING_DISABLED_SCHEMES + "=\" (or put -D" + TUNNELING_DISABLED_SCHEMES
                  + "= in .mvn/jvm.config)"
              : "it refused the credentials of user " + declared.username() + "; check "
                  + "<username> and <password> of its <proxy> in Maven's settings.xml";
      return new Unrecoverable("proxy " + address() + " answered HTTP 407 for " + url + ": "
          + advice, null);
    }

    /**
     * HttpURLConnection reports a proxy that refuses the CONNECT of an https URL in the message
     * of a plain IOException; any other failure stays an IOException, which is retried.
     */
    IOException tunnelRefused(URI url, IOException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.startsWith("Unable to tunnel through proxy")) return e;
      return message.contains(" 407") ? credentialsRefused(url)
          : new Unrecoverable("proxy " + address() + " refused to connect to " + url.getHost()
              + ": " + message, e);
    }

    private boolean hasCredentials() {
      return declared != null && declared.hasCredentials();
    }

    /** True unless the JVM runs with a list of disabled schemes that leaves Basic out. */
    private static boolean basicTunnelingDisabled() {
      String schemes = System.getProperty(TUNNELING_DISABLED_SCHEMES);
      return schemes == null || schemes.toLowerCase(Locale.ROOT).contains("basic");
    }
  }

  /** Answers the proxy's challenge, and no other, with the credentials of its settings. */
  private static final class ProxyCredentials extends Authenticator {
    private final HttpProxy proxy;

    ProxyCredentials(HttpProxy proxy) {
      this.proxy = proxy;
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
      boolean fromOurProxy = getRequestorType() == RequestorType.PROXY
          && proxy.host().equalsIgnoreCase(getRequestingHost())
          && proxy.port() == getRequestingPort();
      if (!fromOurProxy) return null;
      String password = proxy.password() == null ? "" : proxy.password();
      return new PasswordAuthentication(proxy.username(), password.toCharArray());
    }
  }

  /**
   * Copies the body, reporting progress at each 10% of the file and at least every 2 seconds, and
   * at the end; returns the file's size.
   */
  private static long copy(InputStream in, OutputStream out, long start, long total,
      FetchListener listener) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long size = start;
    long began = System.nanoTime();
    long lastReportTime = began;
    long lastReportSize = -1;
    long step = total > 0 ? Math.max(1, (long) (total * REPORT_FRACTION)) : Long.MAX_VALUE;
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
      long now = System.nanoTime();
      boolean crossedStep = (size + n) / step > size / step;
      size += n;
      if (crossedStep || now - lastReportTime >= REPORT_NANOS) {
        listener.progress(size, total, rate(size - start, now - began));
        lastReportTime = now;
        lastReportSize = size;
      }
    }
    if (size != lastReportSize) {
      listener.progress(size, total, rate(size - start, System.nanoTime() - began));
    }
    return size;
  }

  private static long sizeOf(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  private static double rate(long bytes, long nanos) {
    return nanos <= 0 ? 0 : bytes * 1e9 / nanos;
  }

  private static void pause(Duration delay) throws IOException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
