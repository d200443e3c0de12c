package dev.vgp.files;

import java.util.List;

/** Rows of text as aligned columns, for the tables vgp prints into the build log. */
public final class TextTable {

  private TextTable() {}

  /**
   * One line per row: every cell but a row's last padded to its column's widest cell, two
   * spaces between columns, no trailing spaces.
   */
  public static List<String> align(List<String[]> rows) {
    int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
    }
    return rows.stream().map(row -> {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) line.append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      return line.toString().stripTrailing();
    }).toList();
  }
}
