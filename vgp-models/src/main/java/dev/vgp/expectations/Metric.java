package dev.vgp.expectations;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.Format;
import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.analysis.GradientFlowTable;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TestMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A number read from one recorded run: an epoch's metric from {@code summary.csv}, a test metric
 * from {@code test_summary.csv}, or a gradient-flow reading at an epoch. Written in a POM as
 * {@code best val_acc}, {@code final train_loss}, {@code test_acc}, {@code init gradient_ratio}
 * or a name and an {@code <epoch>}. Accuracies are in percent, as Table 1 prints them (the files
 * hold fractions).
 */
public record Metric(Quantity quantity, Epoch epoch) {

  /** What is read. */
  public enum Quantity {
    TRAIN_LOSS("train_loss", Source.SUMMARY, EpochMetrics::trainLoss),
    TRAIN_ACC("train_acc", Source.SUMMARY, EpochMetrics::trainAccuracy),
    VAL_LOSS("val_loss", Source.SUMMARY, EpochMetrics::validationLoss),
    VAL_ACC("val_acc", Source.SUMMARY, EpochMetrics::validationAccuracy),
    TEST_LOSS("test_loss", Source.TEST, null),
    TEST_ACC("test_acc", Source.TEST, null),
    /** The first layer's gradient over the last layer's (input conv over logits). */
    GRADIENT_RATIO("gradient_ratio", Source.GRADIENT, null),
    /** How many layers vanish by {@link GradientDiagnosis}'s rule. */
    VANISHING_LAYERS("vanishing_layers", Source.GRADIENT, null);

    private final String key;
    private final Source source;
    private final ToDoubleFunction<EpochMetrics> ofEpoch;

    Quantity(String key, Source source, ToDoubleFunction<EpochMetrics> ofEpoch) {
      this.key = key;
      this.source = source;
      this.ofEpoch = ofEpoch;
    }

    public String key() {
      return key;
    }

    public boolean accuracy() {
      return key.endsWith("_acc");
    }

    public boolean loss() {
      return key.endsWith("_loss");
    }

    /** Accuracies as percentages to two decimals, losses to three, ratios in scientific form. */
    public String format(double value) {
      if (accuracy()) return Format.percent(value / 100) + "%";
      if (loss()) return Format.fixed(value, 3);
      if (this == VANISHING_LAYERS) return Format.fixed(value, 0);
      return GradientDiagnosis.scientific(value);
    }

    /** A difference or tolerance in this quantity's unit: "5.00 points", "0.050". */
    public String formatDifference(double value) {
      if (accuracy()) return Format.fixed(value, 2) + " points";
      return format(value);
    }

    static Optional<Quantity> byKey(String key) {
      return Arrays.stream(values()).filter(q -> q.key.equals(key)).findFirst();
    }

    static String keys() {
      return Arrays.stream(values()).map(Quantity::key).collect(Collectors.joining(", "));
    }
  }

  private enum Source { SUMMARY, TEST, GRADIENT }

  /**
   * Which epoch a metric is read at: the measurement at initialisation, a numbered epoch, the last
   * recorded one, or the best validation epoch (whose weights the test metrics use).
   */
  public record Epoch(Kind kind, int number) {

    public enum Kind { INIT, NUMBERED, LAST, BEST }

    public static final Epoch INIT = new Epoch(Kind.INIT, -1);
    public static final Epoch LAST = new Epoch(Kind.LAST, 0);
    public static final Epoch BEST = new Epoch(Kind.BEST, 0);

    /** {@code init}, {@code last} (or {@code final}), {@code best} or a 0-based epoch number. */
    public static Epoch parse(String text) {
      String word = text.trim().toLowerCase(Locale.ROOT);
      return switch (word) {
        case "init" -> INIT;
        case "last", "final" -> LAST;
        case "best" -> BEST;
        default -> {
          try {
            int number = Integer.parseInt(word);
            if (number < 0) throw new NumberFormatException();
            yield new Epoch(Kind.NUMBERED, number);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("epoch '" + text + "' is not one of init, last, "
                + "best or an epoch number (0-based)");
          }
        }
      };
    }

    @Override
    public String toString() {
      return switch (kind) {
        case INIT -> "init";
        case NUMBERED -> "epoch " + number;
        case LAST -> "the last epoch";
        case BEST -> "the best validation epoch";
      };
    }
  }

  /**
   * Reads {@code "best val_acc"}, {@code "test_acc"}, {@code "init gradient_ratio"}: an optional
   * epoch word, then the quantity. {@code epoch}, when given, names the epoch instead of the word.
   *
   * @throws IllegalArgumentException naming what is wrong and what is accepted
   */
  public static Metric parse(String text, String epoch) {
    String[] words = text.trim().split("\\s+");
    if (words.length > 2) throw new IllegalArgumentException("metric '" + text + "' is not "
        + "[epoch] name, e.g. 'best val_acc', 'final train_loss' or 'test_acc'");
    Quantity quantity = Quantity.byKey(words[words.length - 1]).orElseThrow(
        () -> new IllegalArgumentException("unknown metric '" + words[words.length - 1]
            + "'; one of " + Quantity.keys()));
    if (words.length == 2 && epoch != null) {
      throw new IllegalArgumentException("metric '" + text + "' names its epoch and <epoch> "
          + epoch + " names another: give one");
    }
    Epoch at = words.length == 2 ? Epoch.parse(words[0])
        : epoch != null ? Epoch.parse(epoch) : null;
    if (quantity.source == Source.TEST) {
      if (at != null && at.kind() != Epoch.Kind.BEST) {
        throw new IllegalArgumentException(quantity.key + " is measured once, with the weights "
            + "of the best validation epoch: it has no other epoch");
      }
      return new Metric(quantity, Epoch.BEST);
    }
    if (at != null && at.kind() == Epoch.Kind.INIT && quantity.source != Source.GRADIENT) {
      throw new IllegalArgumentException(quantity.key + " has no value at init: only the "
          + "gradient flow is measured before training");
    }
    return new Metric(quantity, at == null ? Epoch.LAST : at);
  }

  /** "best val_acc", "final train_loss", "test_acc", "gradient_ratio at init". */
  @Override
  public String toString() {
    if (quantity.source == Source.TEST) return quantity.key;
    return switch (epoch.kind()) {
      case LAST -> "final " + quantity.key;
      case BEST -> "best " + quantity.key;
      default -> quantity.key + " at " + epoch;
    };
  }

  /**
   * The metric's value in {@code run}.
   *
   * @throws Unmeasurable naming the file or epoch that is missing
   */
  public double read(ExperimentResults run) {
    return switch (quantity.source) {
      case TEST -> {
        TestMetrics test = run.test().orElseThrow(() -> new Unmeasurable(run.id() + " has no "
            + ResultsDirectory.TEST_SUMMARY));
        yield quantity == Quantity.TEST_LOSS ? test.testLoss() : 100 * test.testAccuracy();
      }
      case SUMMARY -> {
        double value = quantity.ofEpoch.applyAsDouble(epochMetrics(run));
        yield quantity.accuracy() ? 100 * value : value;
      }
      case GRADIENT -> {
        GradientDiagnosis diagnosis = diagnose(run, epoch);
        yield quantity == Quantity.GRADIENT_RATIO ? diagnosis.firstToLastRatio()
            : diagnosis.vanishingLayers();
      }
    };
  }

  private EpochMetrics epochMetrics(ExperimentResults run) {
    Optional<EpochMetrics> row = switch (epoch.kind()) {
      case LAST -> run.lastEpoch();
      case BEST -> run.bestEpoch();
      default -> run.epochs().stream().filter(e -> e.epoch() == epoch.number()).findFirst();
    };
    return row.orElseThrow(() -> new Unmeasurable(run.id() + " has no " + epoch + " in "
        + ResultsDirectory.SUMMARY + " (" + run.epochs().size() + " epochs recorded)"));
  }

  /**
   * The gradient diagnosis of {@code run} at {@code epoch}; the best validation epoch and the
   * last recorded gradient-flow epoch are resolved first.
   *
   * @throws Unmeasurable when that epoch's gradient flow was not recorded
   */
  static GradientDiagnosis diagnose(ExperimentResults run, Epoch epoch) {
    GradientFlowTable table = recordedFlow(run);
    List<Integer> recorded = table.epochs();
    int number = switch (epoch.kind()) {
      case INIT, NUMBERED -> epoch.number();
      case LAST -> recorded.get(recorded.size() - 1);
      case BEST -> run.bestEpoch().map(EpochMetrics::epoch).orElseThrow(
          () -> new Unmeasurable(run.id() + " has no epochs in " + ResultsDirectory.SUMMARY));
    };
    if (!recorded.contains(number)) {
      throw new Unmeasurable(run.id() + " has no gradient flow at "
          + GradientFlowTable.epochName(number) + " (recorded: " + recorded.stream()
              .map(GradientFlowTable::epochName).collect(Collectors.joining(", ")) + ")"
          + (number < 0 ? "; measure it with vgp:gradient-flow -Dvgp.atInit" : ""));
    }
    return run.diagnosis(number);
  }

  /**
   * The run's reference gradient flow.
   *
   * @throws Unmeasurable when none was recorded
   */
  static GradientFlowTable recordedFlow(ExperimentResults run) {
    GradientFlowTable table = run.referenceFlow();
    if (table.isEmpty()) {
      throw new Unmeasurable(run.id() + " has no " + ResultsDirectory.GRADIENT_FLOW);
    }
    return table;
  }

  /** A metric cannot be read from the recorded files; the message says which is missing. */
  static final class Unmeasurable extends RuntimeException {
    Unmeasurable(String message) {
      super(message);
    }
  }
}
