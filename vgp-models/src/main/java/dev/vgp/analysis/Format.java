package dev.vgp.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;

/**
 * How numbers read in the report: the forms Table 1 uses, locale-independent. Public for the
 * expectations table, which prints numbers the way the report does.
 */
public final class Format {

  private Format() {}

  /** 1e-3 for 0.001, 5e-4 for 0.0005, 2.5e-2 for 0.025: how the report writes learning rates. */
  public static String shortScientific(double lr) {
    BigDecimal exact = new BigDecimal(Double.toString(lr)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    String mantissa = exact.movePointLeft(exponent).toPlainString();
    return mantissa + "e" + exponent;
  }

  public static String fixed(double value, int decimals) {
    if (!Double.isFinite(value)) return Double.toString(value);
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** A signed difference, e.g. "+0.12" or "-1.30"; what rounds to zero reads "+0.00". */
  public static String signed(double value, int decimals) {
    if (!Double.isFinite(value)) return Double.toString(value);
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    return (rounded.signum() < 0 ? "" : "+") + rounded.toPlainString();
  }

  /** A fraction 0-1 as a percentage with two decimals, as Table 1 prints accuracies. */
  public static String percent(double fraction) {
    return fixed(100 * fraction, 2);
  }

  /** A plain number without trailing zeros: "3" for 3.0, "1.5" for 1.5. */
  public static String compact(double value) {
    if (!Double.isFinite(value)) return Double.toString(value);
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /** "mean ± sd" to {@code decimals}; a single value alone, as one seed has no spread. */
  public static String meanSd(double[] values, int decimals) {
    double mean = Arrays.stream(values).average().orElse(Double.NaN);
    if (values.length < 2) return fixed(mean, decimals);
    return fixed(mean, decimals) + " ± " + fixed(sampleSd(values), decimals);
  }

  /** The sample standard deviation (n - 1 in the denominator): spread over seeds. */
  public static double sampleSd(double[] values) {
    double mean = Arrays.stream(values).average().orElse(Double.NaN);
    double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    return Math.sqrt(squares / (values.length - 1));
  }

  public static String thousands(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** With thousands separators and a fixed number of decimals, e.g. "1,323.7". */
  public static String grouped(double value, int decimals) {
    if (!Double.isFinite(value)) return Double.toString(value);
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
