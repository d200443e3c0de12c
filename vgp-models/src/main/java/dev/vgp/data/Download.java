package dev.vgp.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Downloads one URL into a partial file, resuming it with an HTTP Range request when the file
 * already holds bytes from an earlier attempt and the server agrees (206). Retries a transfer that
 * breaks off or a server error a few times; gives up at once when the host cannot be reached or
 * answers with a client error.
 */
final class Download {

  static final int ATTEMPTS = 3;
  private static final int MAX_REDIRECTS = 5;
  private static final int CONNECT_TIMEOUT_MS = 30_000;
  private static final int READ_TIMEOUT_MS = 60_000;
  private static final double REPORT_FRACTION = 0.10;
  private static final long REPORT_NANOS = 2_000_000_000L;

  private final Duration retryDelay;

  Download(Duration retryDelay) {
    this.retryDelay = retryDelay;
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
  void into(URI url, Path part, FetchListener listener) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        transfer(url, part, listener);
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

  private void transfer(URI url, Path part, FetchListener listener) throws IOException {
    long have = sizeOf(part);
    HttpURLConnection connection = connect(url, have);
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
   * to follow one from http to https (mirrors do that).
   */
  private static HttpURLConnection connect(URI url, long resumeFrom) throws IOException {
    URI current = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpURLConnection connection = open(current, resumeFrom);
      int status;
      try {
        status = connection.getResponseCode();
      } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
        throw new Unrecoverable("cannot reach " + current.getHost() + ": " + e, e);
      }
      String location = connection.getHeaderField("Location");
      if (status < 300 || status > 399 || location == null) return connection;
      connection.disconnect();
      current = current.resolve(location);
    }
    throw new Unrecoverable("more than " + MAX_REDIRECTS + " redirects from " + url, null);
  }

  private static HttpURLConnection open(URI url, long resumeFrom) throws IOException {
    String scheme = String.valueOf(url.getScheme());
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      throw new Unrecoverable("only http and https URLs can be downloaded, not " + url, null);
    }
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
    connection.setReadTimeout(READ_TIMEOUT_MS);
    connection.setRequestProperty("User-Agent", "vgp");
    if (resumeFrom > 0) connection.setRequestProperty("Range", "bytes=" + resumeFrom + "-");
    return connection;
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
