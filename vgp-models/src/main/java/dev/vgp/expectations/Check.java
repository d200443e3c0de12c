package dev.vgp.expectations;

import dev.vgp.data.DatasetKind;
import dev.vgp.expectations.Metric.Epoch;
import dev.vgp.expectations.Metric.Unmeasurable;
import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.Format;
import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.analysis.ReferenceTable;
import dev.vgp.analysis.RunLength;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectories;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * What an expectation claims about the recorded runs, and how to measure it. Every kind reads
 * finished runs only ({@link Study#finished}); a run that is missing or did not finish makes the
 * measurement fail with that reason before any number is read.
 */
public sealed interface Check {

  /** The experiment ids this check reads. */
  List<String> experiments();

  /** A name for the expectation when the POM gives none. */
  String defaultName();

  /** What is expected, as one line of the table. */
  String expected();

  /**
   * Measures the claim.
   *
   * @throws Unmeasurable when a file or epoch the check needs was not recorded
   */
  Measurement measure(Study study);

  /** How long the runs it reads must have trained for the claim to be judged. */
  RunLength.Need needs();

  /**
   * Measures the claim on the mean over seeds of what {@link #measure} reads from one seed.
   *
   * @param seeds the study at each seed ({@link Study#atSeed})
   * @throws Unmeasurable when a file or epoch the check needs was not recorded
   */
  default Measurement measureMean(List<Study> seeds) {
    throw new IllegalStateException(getClass().getSimpleName() + " has no mean over seeds");
  }

  /** Whether {@link #measureMean} applies: the claim reads one number per run. */
  default boolean hasMean() {
    return false;
  }

  /** Whether the claim holds, and what was measured, as one line of the table. */
  record Measurement(boolean holds, String measured) {}

  /**
   * The gradient vanishes at an epoch: some layer is below {@link GradientDiagnosis}'s bound
   * and, when {@code ratioBelow} is given, the first/last layer ratio is below it too.
   */
  record Vanishes(String experiment, Epoch epoch, Double ratioBelow) implements Check {

    @Override
    public List<String> experiments() {
      return List.of(experiment);
    }

    @Override
    public String defaultName() {
      return experiment + " vanishes at " + epoch;
    }

    @Override
    public String expected() {
      return "vanishing at " + epoch + (ratioBelow == null ? ""
          : ", first/last layer ratio below " + GradientDiagnosis.scientific(ratioBelow));
    }

    @Override
    public Measurement measure(Study study) {
      GradientDiagnosis diagnosis = Metric.diagnose(study.finished(experiment), epoch);
      boolean holds = diagnosis.vanishingLayers() > 0
          && (ratioBelow == null || diagnosis.firstToLastRatio() < ratioBelow);
      return new Measurement(holds, reading(diagnosis));
    }

    @Override
    public RunLength.Need needs() {
      return RunLength.Need.ANY;
    }
  }

  /** No layer vanishes, at one epoch or, when {@code epoch} is null, at every recorded one. */
  record NoVanishing(String experiment, Epoch epoch) implements Check {

    @Override
    public List<String> experiments() {
      return List.of(experiment);
    }

    @Override
    public String defaultName() {
      return experiment + " has no vanishing layer" + (epoch == null ? "" : " at " + epoch);
    }

    @Override
    public String expected() {
      return "no vanishing layer at " + (epoch == null ? "any recorded epoch" : epoch);
    }

    @Override
    public Measurement measure(Study study) {
      ExperimentResults run = study.finished(experiment);
      List<GradientDiagnosis> diagnoses = new ArrayList<>();
      if (epoch != null) {
        diagnoses.add(Metric.diagnose(run, epoch));
      } else {
        for (int e : Metric.recordedFlow(run).epochs()) {
          diagnoses.add(Metric.diagnose(run, numbered(e)));
        }
      }
      Optional<GradientDiagnosis> vanishing = diagnoses.stream()
          .filter(d -> d.vanishingLayers() > 0).findFirst();
      if (vanishing.isPresent()) return new Measurement(false, reading(vanishing.get()));
      GradientDiagnosis last = diagnoses.get(diagnoses.size() - 1);
      return new Measurement(true, "none vanishes at " + diagnoses.stream()
          .map(d -> GradientFlowTable.epochName(d.epoch())).collect(Collectors.joining(", "))
          + "; " + reading(last));
    }

    private static Epoch numbered(int epoch) {
      return epoch < 0 ? Epoch.INIT : new Epoch(Epoch.Kind.NUMBERED, epoch);
    }

    @Override
    public RunLength.Need needs() {
      return RunLength.Need.ANY;
    }
  }

  /**
   * The best of some runs beats the best of others on a metric: higher accuracy, or lower loss,
   * by more than {@code margin} (accuracies in points).
   */
  record Beats(List<String> experiments, List<String> than, Metric metric, double margin)
      implements Check {

    public Beats {
      experiments = List.copyOf(experiments);
      than = List.copyOf(than);
    }

    @Override
    public String defaultName() {
      return group(experiments) + " beats " + group(than) + " on " + metric;
    }

    @Override
    public String expected() {
      return group(experiments) + (metric.quantity().loss() ? " below " : " above ")
          + group(than) + " on " + metric + (margin > 0 ? " by more than "
              + metric.quantity().formatDifference(margin) : "");
    }

    @Override
    public List<String> experiments() {
      List<String> all = new ArrayList<>(experiments);
      all.addAll(than);
      return all;
    }

    @Override
    public Measurement measure(Study study) {
      return compare(best(experiments, id -> metric.read(study.finished(id)), study),
          best(than, id -> metric.read(study.finished(id)), study), "");
    }

    @Override
    public Measurement measureMean(List<Study> seeds) {
      ToDoubleFunction<String> mean = id -> seeds.stream()
          .mapToDouble(s -> metric.read(s.finished(id))).average().orElseThrow();
      return compare(best(experiments, mean, seeds.get(0)), best(than, mean, seeds.get(0)),
          "mean of " + seeds.size() + " seeds: ");
    }

    @Override
    public boolean hasMean() {
      return true;
    }

    @Override
    public RunLength.Need needs() {
      return RunLength.Need.TRAINING;
    }

    private Measurement compare(Ranked winner, Ranked other, String prefix) {
      double lead = metric.quantity().loss() ? other.value - winner.value
          : winner.value - other.value;
      return new Measurement(lead > margin, prefix + winner.describe(metric) + " against "
          + other.describe(metric) + ", ahead by " + Format.signed(lead,
              metric.quantity().accuracy() ? 2 : 3));
    }

    private record Ranked(ExperimentResults run, double value) {
      String describe(Metric metric) {
        return run.labelWithLearningRate() + " " + metric.quantity().format(value);
      }
    }

    private Ranked best(List<String> ids, ToDoubleFunction<String> value, Study study) {
      Comparator<Ranked> byValue = Comparator.comparingDouble(Ranked::value);
      return ids.stream().map(id -> new Ranked(study.finished(id), value.applyAsDouble(id)))
          .max(metric.quantity().loss() ? byValue.reversed() : byValue).orElseThrow();
    }

    private static String group(List<String> ids) {
      return ids.size() == 1 ? ids.get(0) : "the best of " + String.join(", ", ids);
    }
  }

  /** A metric of one run against a reference value: a given number, the paper's, a baseline's. */
  record Compare(String experiment, Metric metric, Comparison comparison, Reference reference,
      double tolerance) implements Check {

    @Override
    public List<String> experiments() {
      return List.of(experiment);
    }

    @Override
    public String defaultName() {
      return experiment + " " + metric + " " + reference.claim(comparison, metric);
    }

    @Override
    public String expected() {
      return metric + " " + (comparison == Comparison.NEAR ? "within "
          + metric.quantity().formatDifference(tolerance) + " of" : comparison.phrase()) + " "
          + reference.describe(metric);
    }

    @Override
    public Measurement measure(Study study) {
      ExperimentResults run = study.finished(experiment);
      return judge(metric.read(run), reference.value(run, metric, study), "");
    }

    @Override
    public Measurement measureMean(List<Study> seeds) {
      double[] values = seeds.stream().mapToDouble(s -> metric.read(s.finished(experiment)))
          .toArray();
      Study first = seeds.get(0);
      return judge(Arrays.stream(values).average().orElseThrow(),
          reference.value(first.finished(experiment), metric, first), "mean of "
              + values.length + " seeds (" + Arrays.stream(values)
                  .mapToObj(v -> metric.quantity().format(v)).collect(Collectors.joining(", "))
              + ") ");
    }

    @Override
    public boolean hasMean() {
      return true;
    }

    @Override
    public RunLength.Need needs() {
      if (reference instanceof Reference.Paper) return RunLength.Need.FULL_RUN;
      if (reference instanceof Reference.Baseline) return RunLength.Need.ANY;
      return metric.quantity().accuracy() || metric.quantity().loss() ? RunLength.Need.TRAINING
          : RunLength.Need.ANY;
    }

    private Measurement judge(double measured, double target, String prefix) {
      String text = prefix + metric.quantity().format(measured);
      if (reference.source() != null) {
        text += " (" + reference.source() + " " + metric.quantity().format(target)
            + ", difference " + Format.signed(measured - target,
                metric.quantity().accuracy() ? 2 : 3) + ")";
      }
      return new Measurement(comparison.holds(measured, target, tolerance), text);
    }
  }

  /** How a measured value is compared with its reference. */
  enum Comparison {
    ABOVE("above", "above"), AT_LEAST("atLeast", "at least"), BELOW("below", "below"),
    AT_MOST("atMost", "at most"), NEAR("near", "near");

    private final String word;
    private final String phrase;

    Comparison(String word, String phrase) {
      this.word = word;
      this.phrase = phrase;
    }

    /** As a POM writes it. */
    public String word() {
      return word;
    }

    /** As a sentence reads it. */
    public String phrase() {
      return phrase;
    }

    boolean holds(double measured, double reference, double tolerance) {
      return switch (this) {
        case ABOVE -> measured > reference;
        case AT_LEAST -> measured >= reference;
        case BELOW -> measured < reference;
        case AT_MOST -> measured <= reference;
        case NEAR -> Math.abs(measured - reference) <= tolerance;
      };
    }
  }

  /** What a {@link Compare} measures against. */
  sealed interface Reference {

    /** The reference value for {@code run}'s metric. */
    double value(ExperimentResults run, Metric metric, Study study);

    /** The reference in the expected column: "40.00%", "the paper's Table 1 value". */
    String describe(Metric metric);

    /** The claim in a default name: "atLeast 40.00%", "near the paper". */
    String claim(Comparison comparison, Metric metric);

    /** Where a looked-up reference value comes from, shown beside it; null for a given value. */
    String source();

    record Value(double value) implements Reference {
      @Override
      public double value(ExperimentResults run, Metric metric, Study study) {
        return value;
      }

      @Override
      public String describe(Metric metric) {
        return metric.quantity().format(value);
      }

      @Override
      public String claim(Comparison comparison, Metric metric) {
        return comparison.phrase() + " " + describe(metric);
      }

      @Override
      public String source() {
        return null;
      }
    }

    /**
     * A multiple of chance accuracy, 100% over the run's classes: a claim that holds on
     * CIFAR-100 (chance 1%) and Fashion-MNIST (10%) alike.
     */
    record Chance(double multiple) implements Reference {
      @Override
      public double value(ExperimentResults run, Metric metric, Study study) {
        return multiple * 100.0 / run.record().orElseThrow().model().numClasses();
      }

      @Override
      public String describe(Metric metric) {
        return Format.compact(multiple) + "x chance";
      }

      @Override
      public String claim(Comparison comparison, Metric metric) {
        return comparison.phrase() + " " + describe(metric);
      }

      @Override
      public String source() {
        return Format.compact(multiple) + "x chance";
      }
    }

    /** The paper's Table 1 row of the run's label and learning rate; it is CIFAR-100's. */
    record Paper() implements Reference {
      @Override
      public double value(ExperimentResults run, Metric metric, Study study) {
        ExperimentRecord record = run.record().orElseThrow();
        if (!record.dataset().equals(DatasetKind.CIFAR100.id())) {
          throw new Unmeasurable(run.id() + " was trained on " + record.dataset()
              + "; the paper's Table 1 is CIFAR-100's");
        }
        ReferenceTable.Row row = study.reference().find(record.label(),
            record.training().learningRate()).orElseThrow(() -> new Unmeasurable(
                run.labelWithLearningRate() + " is not in the paper's Table 1 (rows are matched "
                    + "by label and learning rate)"));
        return switch (metric.quantity()) {
          case TRAIN_LOSS -> row.trainLoss();
          case TRAIN_ACC -> row.trainAccuracyPercent();
          case VAL_LOSS -> row.validationLoss();
          case VAL_ACC -> row.validationAccuracyPercent();
          default -> throw new IllegalStateException("Table 1 has no " + metric);
        };
      }

      @Override
      public String describe(Metric metric) {
        return "the paper's Table 1 value";
      }

      @Override
      public String claim(Comparison comparison, Metric metric) {
        return "near the paper";
      }

      @Override
      public String source() {
        return "paper";
      }
    }

    /**
     * The same experiment in a recorded baseline: a results directory, or a directory of them
     * (e.g. a CI run's {@code target/vgp} kept as the reference).
     */
    record Baseline(Path directory) implements Reference {
      @Override
      public double value(ExperimentResults run, Metric metric, Study study) {
        return metric.read(run(run.id()));
      }

      @Override
      public String describe(Metric metric) {
        return "the baseline " + directory;
      }

      @Override
      public String claim(Comparison comparison, Metric metric) {
        return "matches the baseline";
      }

      @Override
      public String source() {
        return "baseline";
      }

      /** The finished run of {@code id} in the baseline, found by its experiment.json. */
      private ExperimentResults run(String id) {
        try {
          Path match = ResultsDirectories.expand(List.of(directory)).stream()
              .filter(p -> new ResultsDirectory(p).readExperiment().map(ExperimentRecord::id)
                  .filter(id::equals).isPresent())
              .findFirst().orElseThrow(() -> new Unmeasurable("no results for " + id));
          return Study.of(List.of(ExperimentResults.load(match)), null, Map.of()).finished(id);
        } catch (IllegalArgumentException | Unmeasurable e) {
          throw new Unmeasurable("baseline " + directory + ": " + e.getMessage());
        }
      }
    }
  }

  /** A diagnosis as one line: "vanishing from reduction_block_2_conv_0 back (27 of 39 layers)". */
  private static String reading(GradientDiagnosis d) {
    String ratio = "first/last layer ratio " + GradientDiagnosis.scientific(d.firstToLastRatio());
    String when = GradientFlowTable.epochName(d.epoch());
    if (d.vanishingLayers() > 0) {
      return "vanishing at " + when + " from " + d.firstVanishingLayer() + " back ("
          + d.vanishingLayers() + " of " + d.layers() + " layers), " + ratio;
    }
    return (d.verdict() == GradientDiagnosis.Verdict.EXPLODING ? "exploding at " + when
        + " from " + d.firstExplodingLayer() : "healthy at " + when) + ", " + ratio;
  }
}
