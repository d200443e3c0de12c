package dev.vgp.files;

import java.time.Duration;
import java.util.Locale;

/** How vgp words a duration in its log lines, lock messages and status table. */
public final class Durations {

  private Durations() {}

  /** "2 h 05 min", "4 min 10 s", "12 s"; a negative duration (clocks apart) reads "0 s". */
  public static String describe(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return seconds + " s";
  }
}
