package dev.vgp.data;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Hears what a fetch does. Both methods do nothing unless overridden; {@link #of(Consumer)} sends
 * every message, progress included, to one log.
 */
public interface FetchListener {

  /** A listener that hears nothing. */
  FetchListener SILENT = new FetchListener() {};

  /** A step worth a log line: "downloading ...", "verified ...", "reusing ...". */
  default void info(String message) {}

  /**
   * Download progress, reported at most every 10% or 2 seconds, and once at the end.
   *
   * @param totalBytes the file's full size, or -1 when the server did not say
   */
  default void progress(long bytes, long totalBytes, double bytesPerSecond) {
    info(describeProgress(bytes, totalBytes, bytesPerSecond));
  }

  /** A listener writing every message, progress lines included, to {@code log}. */
  static FetchListener of(Consumer<String> log) {
    return new FetchListener() {
      @Override
      public void info(String message) {
        log.accept(message);
      }
    };
  }

  /** "12.3 MB of 169.0 MB (7%), 3.2 MB/s", or without the total and percentage when unknown. */
  static String describeProgress(long bytes, long totalBytes, double bytesPerSecond) {
    String rate = megabytes(bytesPerSecond) + "/s";
    if (totalBytes <= 0) return megabytes(bytes) + ", " + rate;
    return String.format(Locale.ROOT, "%s of %s (%d%%), %s", megabytes(bytes),
        megabytes(totalBytes), bytes * 100 / totalBytes, rate);
  }

  private static String megabytes(double bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
