package dev.vgp.report;

import dev.vgp.analysis.Format;
import dev.vgp.files.CsvFiles;
import dev.vgp.report.ReportModel.BenchmarkTable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a {@code benchmark.csv} into a table for the report: vgp:benchmark's columns get short
 * headings and numbers rounded to what a reader compares (so that twelve columns fit a page);
 * any other column is shown as written, but for {@value #CPU}, the machine, which is the same in
 * every row and goes under the table.
 */
final class BenchmarkTableReader {

  private record Column(String heading, int decimals) {}

  private static final Map<String, Column> KNOWN = Map.ofEntries(
      Map.entry("model", new Column("Model", -1)),
      Map.entry("params", new Column("Params", 0)),
      Map.entry("gflops_per_image", new Column("GFLOP / image", 3)),
      Map.entry("start_seconds", new Column("Start s", 2)),
      Map.entry("ms_per_step_median", new Column("ms / step", 1)),
      Map.entry("ms_per_step_min", new Column("min", 1)),
      Map.entry("ms_per_step_max", new Column("max", 1)),
      Map.entry("images_per_sec", new Column("images / s", 0)),
      Map.entry("gflops_per_sec", new Column("GFLOP / s", 1)),
      Map.entry("epoch_minutes", new Column("Epoch min", 2)),
      Map.entry("run_hours", new Column("Run h", 2)),
      Map.entry("device", new Column("Device", -1)));

  static final String CPU = "cpu";

  private BenchmarkTableReader() {}

  static BenchmarkTable read(Path csv) {
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser = CsvFiles.WITH_HEADER.parse(in)) {
      List<String> names = parser.getHeaderNames().stream().filter(n -> !n.equals(CPU)).toList();
      List<List<String>> values = new ArrayList<>();
      String machine = "";
      for (CSVRecord record : parser) {
        values.add(names.stream().map(name -> record.isSet(name) ? record.get(name) : "")
            .toList());
        if (machine.isEmpty() && record.isSet(CPU)) machine = record.get(CPU);
      }
      List<String> headings = new ArrayList<>();
      List<Boolean> numeric = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        Column known = KNOWN.get(names.get(i));
        headings.add(known == null ? names.get(i) : known.heading());
        int column = i;
        numeric.add(!values.isEmpty()
            && values.stream().allMatch(row -> number(row.get(column)) != null));
      }
      List<List<String>> rows = values.stream().map(row -> shown(names, row)).toList();
      return new BenchmarkTable(csv.getFileName().toString(), headings, numeric, rows, machine);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + csv + ": " + e.getMessage(), e);
    }
  }

  /** A row as the report shows it: known numeric columns rounded, the rest as written. */
  private static List<String> shown(List<String> names, List<String> row) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Column known = KNOWN.get(names.get(i));
      Double x = number(row.get(i));
      shown.add(known == null || known.decimals() < 0 || x == null ? row.get(i)
          : Format.grouped(x, known.decimals()));
    }
    return shown;
  }

  private static Double number(String text) {
    try {
      double x = Double.parseDouble(text.strip());
      return Double.isFinite(x) ? x : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
