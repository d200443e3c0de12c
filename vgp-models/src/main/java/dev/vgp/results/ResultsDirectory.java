package dev.vgp.results;

import dev.vgp.files.AtomicFiles;
import dev.vgp.files.CsvFiles;
import dev.vgp.files.Json;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVParser;
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
      "val_acc", "seconds", "images_per_sec", "cpu_seconds", "peak_rss_bytes", "peak_heap_bytes",
      "native_bytes", "tensorflow_bytes", "gpu_bytes"};
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
        ResourceUse r = m.resources();
        printer.printRecord(m.epoch(), m.learningRate(), m.trainLoss(), m.trainAccuracy(),
            m.validationLoss(), m.validationAccuracy(), m.seconds(), m.imagesPerSecond(),
            r.cpuSeconds().isPresent() ? r.cpuSeconds().getAsDouble() : "", cell(r.peakRssBytes()),
            cell(r.peakHeapBytes()), cell(r.nativeBytes()), cell(r.tensorFlowBytes()),
            cell(r.gpuBytes()));
      }
    });
  }

  /** The rows; the cost columns, which results written before vgp measured it lack, read empty. */
  public List<EpochMetrics> readSummary() {
    return readCsv(SUMMARY, r -> new EpochMetrics(Integer.parseInt(r.get("epoch")),
        num(r, "lr"), num(r, "train_loss"), num(r, "train_acc"), num(r, "val_loss"),
        num(r, "val_acc"), num(r, "seconds"), num(r, "images_per_sec"),
        new ResourceUse(seconds(r, "cpu_seconds"), bytes(r, "peak_rss_bytes"),
            bytes(r, "peak_heap_bytes"), bytes(r, "native_bytes"), bytes(r, "tensorflow_bytes"),
            bytes(r, "gpu_bytes"))));
  }

  private static Object cell(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : "";
  }

  /** A column's text, empty when the row has no such column or leaves it empty. */
  private static String optional(CSVRecord r, String column) {
    return r.isMapped(column) && r.isSet(column) ? r.get(column) : "";
  }

  private static OptionalDouble seconds(CSVRecord r, String column) {
    String text = optional(r, column);
    return text.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(text));
  }

  private static OptionalLong bytes(CSVRecord r, String column) {
    String text = optional(r, column);
    return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
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

  /**
   * The experiment record, empty when the file does not exist yet.
   *
   * @throws DamagedResultsException when it does not parse (a truncated copy, a hand edit)
   */
  public Optional<ExperimentRecord> readExperiment() {
    Path path = file(EXPERIMENT);
    if (!Files.exists(path)) return Optional.empty();
    try {
      return Optional.of(Json.read(Files.readString(path), ExperimentRecord.class));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new DamagedResultsException(path + " is malformed (" + e.getMessage() + "): vgp"
          + " writes it whole, so it was cut short or edited", e);
    }
  }

  /**
   * What is wrong with the files of a finished run, empty when they parse and agree:
   * {@code summary.csv} and {@code gradient_flow.csv} hold epochs 0 to n-1 of the n the record
   * plans, and {@code test_summary.csv} one row whose best epoch is among them.
   */
  public List<String> damage(ExperimentRecord record) {
    List<Integer> planned = IntStream.range(0, record.training().epochs()).boxed().toList();
    List<String> problems = new ArrayList<>();
    try {
      List<Integer> epochs = readSummary().stream().map(EpochMetrics::epoch).toList();
      if (!epochs.equals(planned)) {
        problems.add(SUMMARY + " holds epochs " + epochs + " instead of the " + planned.size()
            + " planned (0 to " + (planned.size() - 1) + ")");
      }
    } catch (DamagedResultsException e) {
      problems.add(e.getMessage());
    }
    try {
      List<Integer> epochs = readGradientFlow().stream().map(GradientFlowRecord::epoch)
          .filter(epoch -> epoch >= 0).distinct().sorted().toList();
      if (!epochs.equals(planned)) {
        problems.add(GRADIENT_FLOW + " holds epochs " + epochs + " instead of the "
            + planned.size() + " planned");
      }
    } catch (DamagedResultsException e) {
      problems.add(e.getMessage());
    }
    try {
      Optional<TestMetrics> test = readTestSummary();
      if (test.isEmpty()) {
        problems.add("no test metrics in " + file(TEST_SUMMARY));
      } else if (!planned.contains(test.get().bestEpoch())) {
        problems.add(TEST_SUMMARY + " names best epoch " + test.get().bestEpoch()
            + ", which was not trained");
      }
    } catch (DamagedResultsException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  private static double num(CSVRecord r, String column) {
    return Double.parseDouble(r.get(column));
  }

  interface RowReader<T> {
    T read(CSVRecord record);
  }

  private <T> List<T> readCsv(String name, RowReader<T> reader) {
    return readCsv(file(name), reader);
  }

  /**
   * Reads a CSV file of vgp's; a missing file reads as no rows.
   *
   * @throws DamagedResultsException naming the file line (the header is line 1) that does not
   *     parse
   */
  static <T> List<T> readCsv(Path path, RowReader<T> reader) {
    if (!Files.exists(path)) return List.of();
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
    }
    List<T> rows = new ArrayList<>();
    long position = 0;
    try (CSVParser parser = CsvFiles.WITH_HEADER.parse(new StringReader(text))) {
      for (CSVRecord record : parser) {
        position = record.getCharacterPosition();
        rows.add(reader.read(record));
      }
      return rows;
    } catch (IOException | RuntimeException e) {
      throw new DamagedResultsException(path + " line " + lineAt(text, position)
          + " is malformed: " + e.getMessage(), e);
    }
  }

  /** The 1-based line of a character position, as an editor shows it. */
  private static long lineAt(String text, long position) {
    return 1 + text.substring(0, (int) Math.min(position, text.length())).chars()
        .filter(c -> c == '\n').count();
  }
}
