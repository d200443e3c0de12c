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
