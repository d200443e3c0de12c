package dev.vgp.report;

import dev.vgp.files.AtomicFiles;
import dev.vgp.report.Figure.Series;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a figure's data as one whitespace-separated table for pgfplots: column {@code x}, then
 * {@code s0, s1, ...} one per series, {@code nan} where a series has no point at that x (pgfplots
 * leaves a gap). The LaTeX template draws series i from column {@code s<i>}.
 */
final class PgfplotsData {

  private PgfplotsData() {}

  static String column(int series) {
    return "s" + series;
  }

  static void write(Figure figure, Path file) {
    TreeMap<Double, String[]> rows = new TreeMap<>();
    int columns = figure.series().size();
    for (int i = 0; i < columns; i++) {
      Series s = figure.series().get(i);
      for (int p = 0; p < s.x().length; p++) {
        rows.computeIfAbsent(s.x()[p], x -> new String[columns])[i] = number(s.y()[p]);
      }
    }
    AtomicFiles.write(file, out -> {
      out.write("x");
      for (int i = 0; i < columns; i++) out.write(" " + column(i));
      out.write('\n');
      for (Map.Entry<Double, String[]> row : rows.entrySet()) {
        out.write(number(row.getKey()));
        for (String value : row.getValue()) out.write(" " + (value == null ? "nan" : value));
        out.write('\n');
      }
    });
  }

  /** Java's shortest round-trip form, which pgfplots reads (1.0E-19 as well as 0.135). */
  private static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "nan";
  }
}
