package dev.vgp.report;

import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TestMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Everything the report reads from one results directory, loaded once. A missing or malformed
 * file does not stop the report: it becomes an entry of {@link #problems()}, and the experiment is
 * shown as a marked row with whatever could be read.
 *
 * @param referenceFlow the gradient flow the reference plots, pivoted once for every figure and
 *     diagnosis that reads it
 */
public record ExperimentResults(
    Path directory,
    Optional<ExperimentRecord> record,
    List<EpochMetrics> epochs,
    List<GradientFlowRecord> gradientFlow,
    Optional<TestMetrics> test,
    List<String> problems,
    GradientFlowTable referenceFlow) {

  public static ExperimentResults load(Path directory) {
    ResultsDirectory results = new ResultsDirectory(directory);
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(directory)) problems.add("results directory does not exist");
    Optional<ExperimentRecord> record = read(problems, ResultsDirectory.EXPERIMENT,
        results::readExperiment, Optional.empty());
    List<EpochMetrics> epochs = read(problems, ResultsDirectory.SUMMARY, results::readSummary,
        List.of());
    List<GradientFlowRecord> flow = read(problems, ResultsDirectory.GRADIENT_FLOW,
        results::readGradientFlow, List.of());
    Optional<TestMetrics> test = read(problems, ResultsDirectory.TEST_SUMMARY,
        results::readTestSummary, Optional.empty());
    if (Files.isDirectory(directory)) {
      if (record.isEmpty()) problems.add("no " + ResultsDirectory.EXPERIMENT);
      record.filter(r -> !r.finished())
          .ifPresent(r -> problems.add("unfinished (status " + r.status() + ")"));
      int planned = record.map(r -> r.training().epochs()).orElse(0);
      if (epochs.isEmpty()) {
        problems.add("no epochs in " + ResultsDirectory.SUMMARY);
      } else if (epochs.size() < planned) {
        problems.add(epochs.size() + " of " + planned + " epochs recorded");
      }
      if (flow.isEmpty()) problems.add("no " + ResultsDirectory.GRADIENT_FLOW);
      if (test.isEmpty()) problems.add("no " + ResultsDirectory.TEST_SUMMARY);
    }
    return new ExperimentResults(directory, record, epochs, flow, test, List.copyOf(problems),
        GradientFlowTable.reference(flow));
  }

  private static <T> T read(List<String> problems, String file, Supplier<T> reader,
      T whenUnreadable) {
    try {
      return reader.get();
    } catch (RuntimeException e) {
      problems.add(file + " unreadable: " + e.getMessage());
      return whenUnreadable;
    }
  }

  public String id() {
    return record.map(ExperimentRecord::id).orElse(directory.getFileName().toString());
  }

  /** The label of Table 1, e.g. "VGG38 BN + RC"; the directory name when unknown. */
  public String label() {
    return record.map(ExperimentRecord::label).orElse(directory.getFileName().toString());
  }

  /** The label with the learning rate, telling runs of one model apart: "VGG38 BN (1e-2)". */
  public String labelWithLearningRate() {
    return record.map(r -> r.label() + " (" + Format.shortScientific(r.training().learningRate())
        + ")").orElse(label());
  }

  public Optional<EpochMetrics> lastEpoch() {
    return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
  }

  /** The epoch with the best validation accuracy, the first on a tie (as the test metrics use). */
  public Optional<EpochMetrics> bestEpoch() {
    return epochs.stream()
        .max(Comparator.comparingDouble(EpochMetrics::validationAccuracy)
            .thenComparing(Comparator.comparingInt(EpochMetrics::epoch).reversed()));
  }

  public OptionalDouble bestValidationAccuracy() {
    return bestEpoch().map(e -> OptionalDouble.of(e.validationAccuracy()))
        .orElse(OptionalDouble.empty());
  }

}
