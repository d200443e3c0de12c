package dev.vgp.data;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A proxy that downloads go through, as a {@code <proxy>} of Maven's settings.xml declares it.
 * Which proxy a URL takes is decided as Maven decides it for repositories (see {@link #forUrl}).
 *
 * @param protocol the scheme of the URLs it serves, {@code http} or {@code https}
 * @param host the proxy's host name or address
 * @param port the proxy's port
 * @param username the user to authenticate as, or null when the proxy asks for no credentials
 * @param password that user's password (already decrypted), or null
 * @param nonProxyHosts hosts reached directly, in Maven's syntax: patterns separated by {@code |}
 *     (or commas), {@code *} standing for any characters, case-insensitive, e.g. {@code
 *     localhost|*.example.org}; null for none
 */
public record HttpProxy(String protocol, String host, int port, String username,
    String password, String nonProxyHosts) {

  private static final Pattern SEPARATORS = Pattern.compile("[|,]");

  public HttpProxy {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a proxy needs a host");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("proxy " + host + " has port " + port
          + ", which is not between 1 and 65535");
    }
    protocol = protocol == null ? "http" : protocol.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The proxy {@code url} goes through, or empty when it goes direct: the first proxy declared
   * for the URL's scheme that does not list its host in {@code nonProxyHosts}; an https URL
   * without one takes the first such http proxy, as Maven does.
   */
  public static Optional<HttpProxy> forUrl(List<HttpProxy> proxies, URI url) {
    String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
    Optional<HttpProxy> own = firstFor(proxies, scheme, url.getHost());
    return own.isEmpty() && scheme.equals("https") ? firstFor(proxies, "http", url.getHost())
        : own;
  }

  private static Optional<HttpProxy> firstFor(List<HttpProxy> proxies, String scheme,
      String host) {
    return proxies.stream()
        .filter(proxy -> proxy.protocol.equals(scheme) && !proxy.bypasses(host))
        .findFirst();
  }

  /** True when {@code host} matches one of the {@code nonProxyHosts} patterns. */
  public boolean bypasses(String host) {
    if (host == null || nonProxyHosts == null) return false;
    return Arrays.stream(SEPARATORS.split(nonProxyHosts))
        .map(String::trim)
        .filter(pattern -> !pattern.isEmpty())
        .anyMatch(pattern -> wildcard(pattern).matcher(host).matches());
  }

  private static Pattern wildcard(String pattern) {
    String regex = Arrays.stream(pattern.split("\\*", -1))
        .map(literal -> literal.isEmpty() ? "" : Pattern.quote(literal))
        .collect(Collectors.joining(".*"));
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
  }

  /** True when the proxy asks for credentials. */
  public boolean hasCredentials() {
    return username != null && !username.isEmpty();
  }

  /** "host:port", as log lines name the proxy. */
  public String address() {
    return host + ":" + port;
  }

  /** Without the password, which would otherwise reach logs and exception messages. */
  @Override
  public String toString() {
    return "HttpProxy[" + protocol + " " + address()
        + (hasCredentials() ? " as " + username : "")
        + (nonProxyHosts == null ? "" : ", nonProxyHosts " + nonProxyHosts) + "]";
  }
}
