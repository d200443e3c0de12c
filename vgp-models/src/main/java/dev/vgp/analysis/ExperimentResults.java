package dev.vgp.analysis;

import dev.vgp.files.WriterLock;
import dev.vgp.results.DamagedResultsException;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TestMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Everything the report reads from one results directory, loaded once. A missing file or a run
 * not finished does not stop the report: it becomes an entry of {@link #problems()}, and the
 * experiment is shown as a marked row with whatever could be read. A file that does not parse
 * is in {@link #damage()}, which stops the report before it writes anything.
 *
 * @param declared what the POM declares for it, naming a run that has no experiment.json yet
 * @param referenceFlow the gradient flow the reference plots, pivoted once for every figure and
 *     diagnosis that reads it
 */
public record ExperimentResults(
    Path directory,
    Optional<ExperimentRecord> record,
    Optional<DeclaredExperiment> declared,
    List<EpochMetrics> epochs,
    List<GradientFlowRecord> gradientFlow,
    Optional<TestMetrics> test,
    List<String> problems,
    List<String> damage,
    GradientFlowTable referenceFlow) {

  /** One statistic of the recorded gradient flow, pivoted (empty when not recorded). */
  public GradientFlowTable flow(GradientStatistic statistic) {
    return GradientFlowTable.of(gradientFlow, statistic);
  }

  /**
   * The gradient flow of a recorded epoch diagnosed, with its update ratios and, at
   * initialisation, the recorded prediction.
   *
   * @throws IllegalArgumentException when that epoch was not recorded
   */
  public GradientDiagnosis diagnosis(int epoch) {
    return GradientDiagnosis.diagnose(gradientFlow, epoch);
  }

  public static ExperimentResults load(Path directory) {
    return load(directory, Optional.empty());
  }

  public static ExperimentResults load(Path directory,
      Optional<DeclaredExperiment> declared) {
    ResultsDirectory results = new ResultsDirectory(directory);
    List<String> problems = new ArrayList<>();
    List<String> damage = new ArrayList<>();
    if (!Files.isDirectory(directory)) problems.add("results directory does not exist");
    Optional<ExperimentRecord> record = read(damage, results::readExperiment, Optional.empty());
    List<EpochMetrics> epochs = read(damage, results::readSummary, List.of());
    List<GradientFlowRecord> flow = read(damage, results::readGradientFlow, List.of());
    Optional<TestMetrics> test = read(damage, results::readTestSummary, Optional.empty());
    if (Files.isDirectory(directory)) {
      if (record.isEmpty()) problems.add("no " + ResultsDirectory.EXPERIMENT);
      record.filter(r -> !r.finished())
          .ifPresent(r -> problems.add(unfinished(r, directory)));
      int planned = record.map(r -> r.training().epochs()).orElse(0);
      if (epochs.isEmpty()) {
        problems.add("no epochs in " + ResultsDirectory.SUMMARY);
      } else if (epochs.size() < planned) {
        problems.add(epochs.size() + " of " + planned + " epochs recorded");
      }
      if (flow.isEmpty()) problems.add("no " + ResultsDirectory.GRADIENT_FLOW);
      if (test.isEmpty()) problems.add("no " + ResultsDirectory.TEST_SUMMARY);
    }
    return new ExperimentResults(directory, record, declared, epochs, flow, test,
        List.copyOf(problems), List.copyOf(damage), GradientFlowTable.reference(flow));
  }

  /**
   * Why a run is not finished, telling one still going (its lock is live) from one that died
   * without a word (status running, its lock stale or gone).
   */
  private static String unfinished(ExperimentRecord record, Path directory) {
    return switch (record.status()) {
      case RUNNING -> WriterLock.read(directory)
          .filter(h -> h.live(WriterLock.DEFAULT_STALE_AFTER, Instant.now()))
          .map(h -> "still running (" + h.describe(Instant.now()) + ")")
          .orElse("unfinished (status running, but no live process holds its lock: it was"
              + " killed; vgp:train resumes it)");
      case DIVERGED -> "diverged " + record.environment().divergedAt().orElse("")
          + "; never the best model";
      case INTERRUPTED -> "interrupted (" + record.environment().stoppedBy()
          .or(() -> record.environment().failure().map(failure -> "failure: " + failure))
          .orElse("no reason recorded") + "); vgp:train resumes it";
      case FINISHED -> throw new IllegalArgumentException(directory + " is finished");
    };
  }

  public boolean diverged() {
    return record.map(r -> r.status() == ExperimentRecord.Status.DIVERGED).orElse(false);
  }

  private static <T> T read(List<String> damage, Supplier<T> reader, T whenUnreadable) {
    try {
      return reader.get();
    } catch (DamagedResultsException e) {
      damage.add(e.getMessage());
      return whenUnreadable;
    }
  }

  public String id() {
    return record.map(ExperimentRecord::id).orElse(directory.getFileName().toString());
  }

  /** The label of Table 1, e.g. "VGG38 BN + RC"; the declared or directory name when unknown. */
  public String label() {
    return record.map(ExperimentRecord::label)
        .or(() -> declared.map(DeclaredExperiment::label))
        .orElse(directory.getFileName().toString());
  }

  /** The learning rate recorded, else declared; empty when neither is known. */
  public Optional<Double> learningRate() {
    return record.map(r -> r.training().learningRate())
        .or(() -> declared.map(DeclaredExperiment::learningRate));
  }

  /** The label with the learning rate, telling runs of one model apart: "VGG38 BN (1e-2)". */
  public String labelWithLearningRate() {
    return label() + learningRate().map(lr -> " (" + Format.shortScientific(lr) + ")")
        .orElse("");
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
