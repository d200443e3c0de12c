package dev.vgp.analysis;

import dev.vgp.files.CsvFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;

/**
 * The paper's Table 1 ({@code table1.csv}: model, lr, params_reported, train_loss,
 * train_acc_percent, val_loss, val_acc_percent, note), to print beside the measured values.
 */
public record ReferenceTable(List<Row> rows) {

  /** The copy shipped with vgp-models. */
  public static final String SHIPPED = "/dev/vgp/reference/table1.csv";

  /** One row of the paper's table; accuracies in percent, as the paper prints them. */
  public record Row(String model, double learningRate, String paramsReported, double trainLoss,
      double trainAccuracyPercent, double validationLoss, double validationAccuracyPercent,
      String note) {}

  public static ReferenceTable shipped() {
    InputStream in = ReferenceTable.class.getResourceAsStream(SHIPPED);
    if (in == null) throw new IllegalStateException(SHIPPED + " is missing from the classpath");
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse(reader, SHIPPED);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + SHIPPED, e);
    }
  }

  /**
   * The table in {@code csv}, or the shipped one when {@code csv} is null.
   *
   * @throws IllegalArgumentException when {@code csv} is given but does not exist
   */
  public static ReferenceTable shippedOr(Path csv) {
    if (csv == null) return shipped();
    if (!Files.exists(csv)) {
      throw new IllegalArgumentException("the reference table " + csv + " does not exist");
    }
    return read(csv);
  }

  public static ReferenceTable read(Path csv) {
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return parse(reader, csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read reference table " + csv + ": "
          + e.getMessage(), e);
    }
  }

  private static ReferenceTable parse(Reader reader, String source) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (CSVRecord r : CsvFiles.WITH_HEADER.parse(reader)) {
      try {
        rows.add(new Row(r.get("model").trim(), Double.parseDouble(r.get("lr")),
            r.get("params_reported"), Double.parseDouble(r.get("train_loss")),
            Double.parseDouble(r.get("train_acc_percent")), Double.parseDouble(r.get("val_loss")),
            Double.parseDouble(r.get("val_acc_percent")),
            r.isMapped("note") ? r.get("note") : ""));
      } catch (RuntimeException e) {
        throw new IllegalStateException(source + " line " + r.getRecordNumber()
            + " is malformed (expected columns model, lr, params_reported, train_loss, "
            + "train_acc_percent, val_loss, val_acc_percent, note): " + e.getMessage(), e);
      }
    }
    return new ReferenceTable(List.copyOf(rows));
  }

  /**
   * The paper's row for an experiment: same label (case and spacing ignored) and the same
   * learning rate (to 1e-9 relative, as "1e-3" and 0.001 are one number).
   */
  public Optional<Row> find(String label, double learningRate) {
    String key = normalize(label);
    return rows.stream()
        .filter(r -> normalize(r.model()).equals(key))
        .filter(r -> Math.abs(r.learningRate() - learningRate)
            <= 1e-9 * Math.max(Math.abs(learningRate), Math.abs(r.learningRate())))
        .findFirst();
  }

  private static String normalize(String label) {
    return label.replaceAll("\\s+", "").toLowerCase();
  }
}
