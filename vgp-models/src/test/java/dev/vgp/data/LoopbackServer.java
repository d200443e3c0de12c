package dev.vgp.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP server on 127.0.0.1 serving files from memory, honouring Range requests, and
 * misbehaving on request: the next responses can be scripted to break off or fail.
 */
final class LoopbackServer implements AutoCloseable {

  /** What the server does with one request; STALL_HALFWAY sends half, then nothing for 10 s. */
  enum Behaviour { SERVE, BREAK_HALFWAY, STALL_HALFWAY, FAIL_500 }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final Queue<Behaviour> script = new ArrayDeque<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  void serve(String path, byte[] content) {
    files.put(path, content);
  }

  /** Answers requests for {@code from} with a 302 to {@code to}. */
  void redirect(String from, String to) {
    redirects.put(from, to);
  }

  /** The next requests get these behaviours, in order; after that, files are served. */
  synchronized void script(Behaviour... behaviours) {
    Collections.addAll(script, behaviours);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Each request as "GET /path" or "GET /path bytes=N-". */
  List<String> requests() {
    return requests;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String range = exchange.getRequestHeaders().getFirst("Range");
      requests.add("GET " + path + (range == null ? "" : " " + range));
      if (redirects.containsKey(path)) {
        exchange.getResponseHeaders().set("Location", redirects.get(path));
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      Behaviour behaviour;
      synchronized (this) {
        behaviour = script.isEmpty() ? Behaviour.SERVE : script.poll();
      }
      byte[] content = files.get(path);
      if (behaviour == Behaviour.FAIL_500 || content == null) {
        exchange.sendResponseHeaders(content == null ? 404 : 500, -1);
        return;
      }
      int from = 0;
      Matcher matcher = range == null ? null : RANGE.matcher(range);
      if (matcher != null && matcher.matches()) {
        from = Integer.parseInt(matcher.group(1));
        exchange.getResponseHeaders().set("Content-Range",
            "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        exchange.sendResponseHeaders(206, content.length - from);
      } else {
        exchange.sendResponseHeaders(200, content.length);
      }
      int end = behaviour == Behaviour.SERVE ? content.length
          : from + (content.length - from) / 2;
      OutputStream body = exchange.getResponseBody();
      body.write(content, from, end - from);
      body.flush();
      if (behaviour == Behaviour.STALL_HALFWAY) pause(Duration.ofSeconds(10));
      // When the body is unfinished, closing the exchange drops the connection, as a network
      // failure would.
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
