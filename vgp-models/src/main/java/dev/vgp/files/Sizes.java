package dev.vgp.files;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * How vgp words an amount of memory: in binary units, as Slurm's {@code --mem} counts them
 * ({@code --mem=4G} is 4 GiB).
 */
public final class Sizes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  /** "812 MiB", "1.4 GiB", "12.0 GiB"; one decimal from 1 GiB on. */
  public static String describe(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = unit >= 3 ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%.0f", value);
    return number + " " + UNITS[unit];
  }

  /** {@link #describe(long)}, or an empty text when nothing was measured. */
  public static String describe(OptionalLong bytes) {
    return bytes.isPresent() ? describe(bytes.getAsLong()) : "";
  }
}
