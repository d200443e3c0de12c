package dev.vgp.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward HTTP proxy on 127.0.0.1: it really fetches each request's absolute URL, passing the
 * Range header on and the status, Location, Content-Range and body back, and records what it was
 * asked. With credentials, it answers 407 to requests that lack them, as real proxies do.
 */
final class LoopbackProxy implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String expectedAuthorization;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  /** A proxy that forwards every request. */
  LoopbackProxy() throws IOException {
    this(null, null);
  }

  /** A proxy that forwards only requests carrying Basic credentials for this user. */
  LoopbackProxy(String username, String password) throws IOException {
    expectedAuthorization = username == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", this::forward);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Each request forwarded, as "GET http://host:port/path" or "... bytes=N-". */
  List<String> requests() {
    return requests;
  }

  /** The Proxy-Authorization header of each request that had one. */
  List<String> authorizations() {
    return authorizations;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
      if (authorization != null) authorizations.add(authorization);
      if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
        exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"loopback\"");
        exchange.sendResponseHeaders(HttpURLConnection.HTTP_PROXY_AUTH, -1);
        return;
      }
      URI target = exchange.getRequestURI();
      String range = exchange.getRequestHeaders().getFirst("Range");
      requests.add(exchange.getRequestMethod() + " " + target
          + (range == null ? "" : " " + range));
      HttpURLConnection upstream =
          (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
      upstream.setInstanceFollowRedirects(false);
      if (range != null) upstream.setRequestProperty("Range", range);
      int status = upstream.getResponseCode();
      for (String header : List.of("Location", "Content-Range")) {
        String value = upstream.getHeaderField(header);
        if (value != null) exchange.getResponseHeaders().set(header, value);
      }
      long length = upstream.getContentLengthLong();
      try (InputStream body = status >= 400 ? upstream.getErrorStream()
          : upstream.getInputStream()) {
        if (body == null || length == 0) {
          exchange.sendResponseHeaders(status, -1);
        } else {
          exchange.sendResponseHeaders(status, Math.max(length, 0));
          body.transferTo(exchange.getResponseBody());
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
