package dev.vgp.report;

import dev.vgp.files.AtomicFiles;
import dev.vgp.report.Figure.Marker;
import dev.vgp.report.Figure.Series;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.jfree.svg.ViewBox;

/**
 * Draws a {@link Figure} with JFreeChart. One Graphics2D drawing serves both outputs: an SVG
 * string (inlined in the HTML report, written by the gradient-flow goal) and a PNG file.
 */
public final class Charts {

  /** Layer names need width; training curves sit two to a row in the report. */
  private static final Dimension GRADIENT_FLOW_SIZE = new Dimension(1100, 640);
  private static final Dimension CURVES_SIZE = new Dimension(700, 440);
  private static final Dimension BARS_SIZE = new Dimension(900, 520);

  private static final Color GRID = new Color(225, 225, 225);
  private static final BasicStroke SOLID = new BasicStroke(1.3f);
  private static final BasicStroke DASHED = new BasicStroke(1.3f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 3f}, 0f);
  private static final BasicStroke MARKER = new BasicStroke(1f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_ROUND, 1f, new float[] {2f, 3f}, 0f);

  static {
    // JFreeChart's default draws rotated text as glyph outlines: 39 layer names became 200 KB of
    // SVG paths that no search or screen reader can read. Rotated drawString gives <text>.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private Charts() {}

  /** The chart of a figure, laid out for drawing {@code width} pixels wide. */
  public static JFreeChart chart(Figure figure, int width) {
    Plot plot = figure.bars() ? barPlot(figure) : linePlot(figure, width);
    boolean legend = figure.series().stream().anyMatch(Series::inLegend);
    JFreeChart chart = new JFreeChart(figure.title(), new Font("SansSerif", Font.BOLD, 16),
        plot, legend);
    if (figure.subtitle() != null) chart.addSubtitle(0, new TextTitle(figure.subtitle()));
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    return chart;
  }

  /**
   * The figure as an {@code <svg>} element that scales to its container (a view box, no fixed
   * size). Its internal ids start with the figure id, so several can share one HTML page.
   */
  public static String svg(Figure figure, int width, int height) {
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    g2.setDefsKeyPrefix(figure.id() + "-");
    // A tenth of a pixel is finer than any screen shows; full float precision triples the size.
    g2.setGeomDoubleConverter(SVGUtils.createDoubleConverter(1));
    g2.setTransformDoubleConverter(SVGUtils.createDoubleConverter(3));
    chart(figure, width).draw(g2, new Rectangle(0, 0, width, height));
    return g2.getSVGElement(figure.id(), false, new ViewBox(0, 0, width, height), null, null);
  }

  public static String svg(Figure figure) {
    Dimension size = preferredSize(figure);
    return svg(figure, size.width, size.height);
  }

  /** The size a figure reads best at: layer names need width, curves sit two to a row. */
  public static Dimension preferredSize(Figure figure) {
    if (figure.bars()) return BARS_SIZE;
    return figure.hasCategories() ? GRADIENT_FLOW_SIZE : CURVES_SIZE;
  }

  /** Renders the figure to a PNG file, replaced atomically. */
  public static void png(Figure figure, int width, int height, Path file) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = image.createGraphics();
    try {
      g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      chart(figure, width).draw(g2, new Rectangle(0, 0, width, height));
    } finally {
      g2.dispose();
    }
    writeBinary(file, out -> ImageIO.write(image, "png", out));
  }

  public static void png(Figure figure, Path file) {
    Dimension size = preferredSize(figure);
    png(figure, size.width, size.height, file);
  }

  /** Writes an SVG document file, replaced atomically. */
  public static void svgFile(Figure figure, Path file) {
    Dimension size = preferredSize(figure);
    AtomicFiles.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + svg(figure, size.width, size.height).replaceFirst("<svg ",
            "<svg width=\"" + size.width + "\" height=\"" + size.height + "\" "));
  }

  private static XYPlot linePlot(Figure figure, int width) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setDrawSeriesLineAsPath(true); // one SVG path per line, not one per segment
    for (int i = 0; i < figure.series().size(); i++) {
      Series s = figure.series().get(i);
      XYSeries xy = new XYSeries(s.name() + "#" + i, false, true); // keys must be unique
      for (int p = 0; p < s.x().length; p++) xy.add(s.x()[p], s.y()[p]);
      dataset.addSeries(xy);
      renderer.setSeriesPaint(i, s.color());
      renderer.setSeriesStroke(i, s.dashed() ? DASHED : SOLID);
      renderer.setSeriesVisibleInLegend(i, s.inLegend());
    }
    renderer.setLegendItemLabelGenerator((data, series) -> figure.series().get(series).name());
    XYPlot plot = new XYPlot(dataset, xAxis(figure, width), yAxis(figure), renderer);
    figure.markers().forEach(m -> plot.addRangeMarker(marker(m)));
    styleBackground(plot);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    return plot;
  }

  private static CategoryPlot barPlot(Figure figure) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    Series bars = figure.series().get(0);
    for (int p = 0; p < bars.x().length; p++) {
      dataset.addValue(bars.y()[p], bars.name(), figure.categories().get((int) bars.x()[p]));
    }
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, bars.color());
    renderer.setMaximumBarWidth(0.12);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.00")));
    renderer.setDefaultItemLabelsVisible(true);
    CategoryAxis categories = new CategoryAxis(figure.xLabel());
    categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    categories.setMaximumCategoryLabelLines(2);
    NumberAxis values = new NumberAxis(figure.yLabel());
    values.setUpperMargin(0.12); // room for the value labels above the bars
    CategoryPlot plot = new CategoryPlot(dataset, categories, values, renderer);
    figure.markers().forEach(m -> plot.addRangeMarker(marker(m)));
    styleBackground(plot);
    plot.setRangeGridlinePaint(GRID);
    return plot;
  }

  private static ValueAxis xAxis(Figure figure, int width) {
    if (figure.hasCategories()) {
      SymbolAxis axis = new SymbolAxis(figure.xLabel(),
          figure.categories().toArray(String[]::new));
      axis.setVerticalTickLabels(true); // 39 layer names only fit rotated
      axis.setGridBandsVisible(false);
      // Every layer gets its label (the axis would otherwise skip some), in a font that fits.
      axis.setTickUnit(new NumberTickUnit(1));
      float size = (float) Math.max(7, Math.min(11, 0.8 * width / figure.categories().size()));
      Font font = new Font("SansSerif", Font.PLAIN, Math.round(size));
      axis.setTickLabelFont(font);
      // SymbolAxis under-reserves room for long rotated labels and cuts them: reserve it here.
      FontRenderContext context = new FontRenderContext(null, true, true);
      double longest = figure.categories().stream()
          .mapToDouble(c -> font.getStringBounds(c, context).getWidth()).max().orElse(0);
      axis.setFixedDimension(longest + 36);
      return axis;
    }
    NumberAxis axis = new NumberAxis(figure.xLabel());
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setAutoRangeIncludesZero(false);
    return axis;
  }

  private static ValueAxis yAxis(Figure figure) {
    if (figure.logScale()) {
      LogAxis axis = new LogAxis(figure.yLabel());
      axis.setSmallestValue(Double.MIN_NORMAL);
      Figure.Decades decades = figure.decades(14);
      // A hair beyond the end decades, or rounding drops their tick labels.
      axis.setRange(Math.pow(10, decades.low() - 0.01), Math.pow(10, decades.high() + 0.01));
      axis.setTickUnit(new NumberTickUnit(decades.step()), false, true);
      axis.setMinorTickMarksVisible(true);
      return axis;
    }
    NumberAxis axis = new NumberAxis(figure.yLabel());
    axis.setAutoRangeIncludesZero(true);
    return axis;
  }

  private static ValueMarker marker(Marker m) {
    ValueMarker marker = new ValueMarker(m.value(), Color.GRAY, MARKER);
    marker.setLabel(m.label());
    marker.setLabelFont(new Font("SansSerif", Font.PLAIN, 10));
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    return marker;
  }

  private static void styleBackground(Plot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
  }

  @FunctionalInterface
  interface BinaryContent {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Binary sibling of {@link AtomicFiles#write}: temporary file, then rename over the target. */
  static void writeBinary(Path target, BinaryContent content) {
    try {
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          content.writeTo(out);
        }
        AtomicFiles.moveIntoPlace(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    }
  }
}
