package dev.vgp.report;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * A chart described once and drawn twice: by {@link Charts} (JFreeChart, for the inline SVG of the
 * HTML page and for PNG files) and by pgfplots in the LaTeX report (from {@link PgfplotsData}).
 * Keeping one description is what makes the HTML and the PDF show the same thing.
 *
 * @param id a name unique within one report, used for file names and SVG ids
 * @param categories labels of the x positions 0..n-1 (layers, experiments); empty for a numeric x
 *     axis such as epochs
 * @param markers horizontal reference lines, e.g. where out-of-range values were drawn
 * @param notes what a reader must know to read the chart right (clamped values, colour meaning)
 */
public record Figure(
    String id,
    String title,
    String subtitle,
    String xLabel,
    String yLabel,
    Kind kind,
    Scale yScale,
    List<String> categories,
    List<Series> series,
    List<Marker> markers,
    List<String> notes) {

  public enum Kind { LINES, BARS }

  public enum Scale { LINEAR, LOG }

  /**
   * One line (or the bars) of a chart. {@code x} and {@code y} have equal length; for a category
   * axis {@code x} holds category indices.
   *
   * @param inLegend false hides the series from the legend (100 overlaid epochs would drown it)
   */
  public record Series(String name, double[] x, double[] y, Color color, boolean dashed,
      boolean inLegend) {

    /** The colour as "r,g,b" in 0-255, the form the LaTeX template hands to xcolor. */
    public String rgb() {
      return color.getRed() + "," + color.getGreen() + "," + color.getBlue();
    }
  }

  public record Marker(double value, String label) {

    /** The value in a form both pgfplots and humans read, e.g. 1.000000e-21. */
    public String valueText() {
      return String.format(Locale.ROOT, "%.6e", value);
    }
  }

  /**
   * For a log axis: powers of ten from 10^low to 10^high, ticked every {@code step} decades.
   * Both renderers use it, so the HTML and the PDF label the same decades.
   */
  public record Decades(int low, int high, int step) {}

  /**
   * The whole decades holding every positive value drawn (markers included) with some room, and
   * a tick step that keeps at most {@code maxTicks} labels: automatic log ticks otherwise read
   * 10^-0.7 on narrow ranges.
   */
  public Decades decades(int maxTicks) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.y()) {
        if (v > 0 && Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    for (Marker m : markers) {
      min = Math.min(min, m.value());
      max = Math.max(max, m.value());
    }
    if (!(min <= max)) return new Decades(-1, 0, 1);
    int low = (int) Math.floor(Math.log10(min) - 0.3);
    int high = (int) Math.ceil(Math.log10(max) + 0.3);
    return new Decades(low, high, Math.max(1, (int) Math.ceil((high - low) / (double) maxTicks)));
  }

  public boolean hasCategories() {
    return !categories.isEmpty();
  }

  public boolean bars() {
    return kind == Kind.BARS;
  }

  public boolean logScale() {
    return yScale == Scale.LOG;
  }
}
