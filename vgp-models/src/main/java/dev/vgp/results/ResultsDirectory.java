package dev.vgp.results;

import dev.vgp.files.AtomicFiles;
import dev.vgp.files.CsvFiles;
import dev.vgp.files.Json;
import java.io.IOException;
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
 * One experiment's results directory: the only hand-off between training and reporting. Its file
 * formats are the project's public contract, documented in {@code docs/results-format.md}.
 * Every write replaces the whole file atomically, so a reader sees the old or the new version.
 */
public final class ResultsDirectory {

  public static final String SUMMARY = "summary.csv";
  public static final String GRADIENT_FLOW = "gradient_flow.csv";
  public static final String TEST_SUMMARY = "test_summary.csv";
  public static final String EXPERIMENT = "experiment.json";
  public static final String CHECKPOINTS = "checkpoints";

  static final String[] SUMMARY_HEADER = {"epoch", "lr", "train_loss", "train_acc", "val_loss",
      "val_acc", "seconds", "images_per_sec"};
  static final String[] GRADIENT_HEADER = {"epoch", "layer_index", "layer", "statistic", "value"};
  static final String[] TEST_HEADER = {"best_epoch", "test_loss", "test_acc"};

  private final Path root;

  public ResultsDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path file(String name) {
    return root.resolve(name);
  }

  public Path checkpoints() {
    return root.resolve(CHECKPOINTS);
  }

  public void writeSummary(List<EpochMetrics> rows) {
    CsvFiles.write(file(SUMMARY), SUMMARY_HEADER, printer -> {
      for (EpochMetrics m : rows) {
        printer.printRecord(m.epoch(), m.learningRate(), m.trainLoss(), m.trainAccuracy(),
            m.validationLoss(), m.validationAccuracy(), m.seconds(), m.imagesPerSecond());
      }
    });
  }

  public List<EpochMetrics> readSummary() {
    return readCsv(SUMMARY, r -> new EpochMetrics(Integer.parseInt(r.get("epoch")),
        num(r, "lr"), num(r, "train_loss"), num(r, "train_acc"), num(r, "val_loss"),
        num(r, "val_acc"), num(r, "seconds"), num(r, "images_per_sec")));
  }

  public void writeGradientFlow(List<GradientFlowRecord> rows) {
    CsvFiles.write(file(GRADIENT_FLOW), GRADIENT_HEADER, printer -> {
      for (GradientFlowRecord g : rows) {
        printer.printRecord(g.epoch(), g.layerIndex(), g.layer(), g.statistic().csvName(),
            g.value());
      }
    });
  }

  public List<GradientFlowRecord> readGradientFlow() {
    return readCsv(GRADIENT_FLOW, r -> new GradientFlowRecord(Integer.parseInt(r.get("epoch")),
        Integer.parseInt(r.get("layer_index")), r.get("layer"),
        GradientStatistic.fromCsv(r.get("statistic")), num(r, "value")));
  }

  public void writeTestSummary(TestMetrics test) {
    CsvFiles.write(file(TEST_SUMMARY), TEST_HEADER,
        printer -> printer.printRecord(test.bestEpoch(), test.testLoss(), test.testAccuracy()));
  }

  public Optional<TestMetrics> readTestSummary() {
    List<TestMetrics> rows = readCsv(TEST_SUMMARY, r -> new TestMetrics(
        Integer.parseInt(r.get("best_epoch")), num(r, "test_loss"), num(r, "test_acc")));
    return rows.stream().findFirst();
  }

  public void writeExperiment(ExperimentRecord record) {
    AtomicFiles.writeString(file(EXPERIMENT), Json.write(record));
  }

  /** The experiment record, empty when the file does not exist yet. */
  public Optional<ExperimentRecord> readExperiment() {
    Path path = file(EXPERIMENT);
    if (!Files.exists(path)) return Optional.empty();
    try {
      return Optional.of(Json.read(Files.readString(path), ExperimentRecord.class));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(path + " is malformed: " + e.getMessage(), e);
    }
  }

  private static double num(CSVRecord r, String column) {
    return Double.parseDouble(r.get(column));
  }

  private interface RowReader<T> {
    T read(CSVRecord record);
  }

  /** Reads a CSV of this directory; a missing file reads as no rows. */
  private <T> List<T> readCsv(String name, RowReader<T> reader) {
    Path path = file(name);
    if (!Files.exists(path)) return List.of();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      List<T> rows = new ArrayList<>();
      for (CSVRecord record : CsvFiles.WITH_HEADER.parse(in)) {
        try {
          rows.add(reader.read(record));
        } catch (RuntimeException e) {
          throw new IllegalStateException(path + " line " + record.getRecordNumber()
              + " is malformed: " + e.getMessage(), e);
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
    }
  }
}
