package dev.vgp.expectations;

import dev.vgp.expectations.Check.Comparison;
import dev.vgp.expectations.Check.Reference;
import dev.vgp.expectations.Metric.Epoch;
import dev.vgp.expectations.Metric.Quantity;
import dev.vgp.expectations.Metric.Unmeasurable;
import dev.vgp.expectations.Outcome.Verdict;
import dev.vgp.analysis.RunLength;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Declared expectations validated into {@link Expectation}s, and evaluated over a {@link Study}.
 * An expectation never passes by default: a run that is missing, unfinished or diverged, or a
 * file or epoch it needs that was not recorded, fails it with that reason.
 */
public final class Expectations {

  /** The fields each kind reads besides name, kind, seeds and fullRunOnly. */
  private static final Map<String, Set<String>> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("vanishes", Set.of("experiment", "epoch", "ratioBelow"));
    FIELDS.put("noVanishing", Set.of("experiment", "epoch"));
    FIELDS.put("beats", Set.of("experiments", "than", "metric", "epoch", "margin"));
    FIELDS.put("nearPaper", Set.of("experiment", "metric", "tolerance"));
    FIELDS.put("matchesBaseline", Set.of("experiment", "baseline", "metric", "epoch",
        "tolerance"));
    FIELDS.put("metric", Set.of("experiment", "metric", "epoch", "comparator", "value",
        "timesChance", "tolerance"));
  }

  private Expectations() {}

  /**
   * Validates every declaration; each kind's missing and misplaced fields are reported together.
   *
   * @throws InvalidExpectationsException listing every problem of every declaration
   */
  public static List<Expectation> resolve(List<ExpectationDeclaration> declarations) {
    List<String> problems = new ArrayList<>();
    List<Expectation> resolved = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < declarations.size(); i++) {
      ExpectationDeclaration d = declarations.get(i);
      String where = "expectation " + (i + 1) + (d.name() == null ? "" : " (" + d.name() + ")");
      List<String> own = new ArrayList<>();
      Check check = check(d, own);
      own.forEach(p -> problems.add(where + ": " + p));
      if (check == null) continue;
      own.clear();
      String name = d.name() == null ? check.defaultName() : d.name().trim();
      if (!names.add(name)) {
        problems.add(where + ": the name '" + name + "' is taken by an earlier expectation; "
            + "give each a distinct <name>");
      }
      Expectation.Seeds seeds = seeds(d.seeds(), check, own);
      own.forEach(p -> problems.add(where + ": " + p));
      resolved.add(new Expectation(name, check, Boolean.TRUE.equals(d.fullRunOnly())
          ? RunLength.Need.FULL_RUN : check.needs(), seeds,
          d.knownToFail() == null ? "" : d.knownToFail().trim()));
    }
    if (!problems.isEmpty()) throw new InvalidExpectationsException(problems);
    return List.copyOf(resolved);
  }

  /** Evaluates every expectation over the study, in declaration order. */
  public static Outcomes evaluate(List<Expectation> expectations, Study study) {
    return new Outcomes(expectations.stream()
        .map(e -> knownOrNot(e, evaluate(e, study))).toList());
  }

  /**
   * A claim declared known to fail: its failure with a measurement is a KNOWN_FAILURE; holding
   * after all fails it, as the declaration no longer says what the results show (as pytest's
   * strict xfail). A failure without a measurement (a run missing) stays a failure.
   */
  private static Outcome knownOrNot(Expectation expectation, Outcome outcome) {
    if (expectation.knownToFail().isEmpty()) return outcome;
    if (outcome.verdict() == Verdict.FAILED && !outcome.measured().isEmpty()) {
      return new Outcome(outcome.name(), outcome.expected(), outcome.measured(),
          Verdict.KNOWN_FAILURE, "known not to hold: " + expectation.knownToFail());
    }
    if (outcome.verdict() == Verdict.PASSED) {
      return new Outcome(outcome.name(), outcome.expected(), outcome.measured(), Verdict.FAILED,
          "declared known to fail (" + expectation.knownToFail() + "), but it holds: remove "
              + "its <knownToFail>");
    }
    return outcome;
  }

  private static Outcome evaluate(Expectation expectation, Study study) {
    int seeds = study.seeds();
    String expected = expectation.check().expected() + (seeds == 1 ? ""
        : expectation.seeds() == Expectation.Seeds.MEAN ? ", on the mean of " + seeds + " seeds"
        : ", at each of " + seeds + " seeds");
    try {
      List<String> leftOut = expectation.check().experiments().stream()
          .filter(study.leftOut()::contains).toList();
      if (!leftOut.isEmpty()) {
        return new Outcome(expectation.name(), expected, "", Verdict.SKIPPED,
            String.join(", ", leftOut) + " not selected by -Dvgp.experiments");
      }
      List<Study> atSeeds = IntStream.range(0, seeds).mapToObj(study::atSeed).toList();
      Set<String> unusable = new LinkedHashSet<>();
      // runs too short alike are named together: "a, b: trained for 20 steps (...)"
      Map<String, Set<String>> idsByReason = new LinkedHashMap<>();
      for (Study atSeed : atSeeds) {
        for (String id : expectation.check().experiments()) {
          try {
            atSeed.tooShortToSay(id, expectation.needs()).ifPresent(why -> idsByReason
                .computeIfAbsent(why, k -> new LinkedHashSet<>()).add(atSeed.finished(id).id()));
          } catch (Unmeasurable e) {
            unusable.add(e.getMessage());
          }
        }
      }
      if (!unusable.isEmpty()) {
        return new Outcome(expectation.name(), expected, "", Verdict.FAILED,
            String.join("; ", unusable));
      }
      if (!idsByReason.isEmpty()) {
        return new Outcome(expectation.name(), expected, "", Verdict.SKIPPED,
            "too short to say: " + idsByReason.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + ": " + e.getKey())
                .collect(Collectors.joining("; ")));
      }
      Check.Measurement measurement = expectation.seeds() == Expectation.Seeds.MEAN
          ? expectation.check().measureMean(atSeeds)
          : atEverySeed(expectation.check(), atSeeds);
      return new Outcome(expectation.name(), expected, measurement.measured(),
          measurement.holds() ? Verdict.PASSED : Verdict.FAILED, "");
    } catch (Unmeasurable e) {
      return new Outcome(expectation.name(), expected, "", Verdict.FAILED, e.getMessage());
    }
  }

  /** Holds when it holds at every seed; what each seed measured, named by its seed. */
  private static Check.Measurement atEverySeed(Check check, List<Study> atSeeds) {
    if (atSeeds.size() == 1) return check.measure(atSeeds.get(0));
    boolean holds = true;
    List<String> measured = new ArrayList<>();
    for (Study atSeed : atSeeds) {
      Check.Measurement m = check.measure(atSeed);
      holds &= m.holds();
      long seed = atSeed.finished(check.experiments().get(0)).record().orElseThrow().training()
          .seed();
      measured.add("seed " + seed + (m.holds() ? "" : " (does not hold)") + ": " + m.measured());
    }
    return new Check.Measurement(holds, String.join("; ", measured));
  }

  private static Expectation.Seeds seeds(String word, Check check, List<String> problems) {
    if (word == null || word.isBlank() || word.trim().equals("every")) {
      return Expectation.Seeds.EVERY;
    }
    if (!word.trim().equals("mean")) {
      problems.add("unknown <seeds> '" + word + "'; one of every (it must hold at each seed), "
          + "mean (for the mean over seeds)");
    } else if (!check.hasMean()) {
      problems.add("<seeds>mean</seeds> needs a claim on one number per run (metric, beats, "
          + "nearPaper, matchesBaseline); a gradient-flow claim is checked at every seed");
    }
    return Expectation.Seeds.MEAN;
  }

  private static Check check(ExpectationDeclaration d, List<String> problems) {
    if (d.kind() == null || !FIELDS.containsKey(d.kind().trim())) {
      problems.add((d.kind() == null ? "no <kind>" : "unknown kind '" + d.kind() + "'")
          + "; one of " + String.join(", ", FIELDS.keySet()));
      return null;
    }
    String kind = d.kind().trim();
    Set<String> allowed = FIELDS.get(kind);
    present(d).stream().filter(f -> !allowed.contains(f)).forEach(f -> problems.add("<" + f
        + "> does not apply to kind " + kind + ", which reads " + allowed.stream().sorted()
            .map(a -> "<" + a + ">").collect(Collectors.joining(", "))));
    int before = problems.size();
    Check check = switch (kind) {
      case "vanishes" -> new Check.Vanishes(required(d.experiment(), "experiment", problems),
          d.epoch() == null ? Epoch.LAST : epoch(d.epoch(), problems),
          positive(d.ratioBelow(), "ratioBelow", problems));
      case "noVanishing" -> new Check.NoVanishing(required(d.experiment(), "experiment",
          problems), d.epoch() == null ? null : epoch(d.epoch(), problems));
      case "beats" -> new Check.Beats(ids(d.experiments(), "experiments", problems),
          ids(d.than(), "than", problems), beatsMetric(d, problems),
          nonNegative(d.margin(), "margin", problems));
      case "nearPaper" -> new Check.Compare(required(d.experiment(), "experiment", problems),
          paperMetric(d, problems), Comparison.NEAR, new Reference.Paper(),
          tolerance(d, problems));
      case "matchesBaseline" -> new Check.Compare(required(d.experiment(), "experiment",
          problems), metric(d.metric() == null ? "test_acc" : d.metric(), d.epoch(), problems),
          Comparison.NEAR, baseline(d, problems), tolerance(d, problems));
      default -> {
        Comparison comparison = comparison(d.comparator(), problems);
        Metric metric = metric(required(d.metric(), "metric", problems), d.epoch(), problems);
        yield new Check.Compare(required(d.experiment(), "experiment", problems), metric,
            comparison, valueReference(d, metric, problems),
            comparison == Comparison.NEAR ? tolerance(d, problems) : 0);
      }
    };
    return problems.size() == before ? check : null;
  }

  /** A metric's {@code <value>}, or {@code <timesChance>} for an accuracy: exactly one. */
  private static Reference valueReference(ExpectationDeclaration d, Metric metric,
      List<String> problems) {
    if (d.value() != null && d.timesChance() != null) {
      problems.add("give <value> or <timesChance>, not both");
    } else if (d.timesChance() != null) {
      positive(d.timesChance(), "timesChance", problems);
      if (metric != null && !metric.quantity().accuracy()) {
        problems.add("<timesChance> is a multiple of chance accuracy; " + metric
            + " is not an accuracy");
      }
      return new Reference.Chance(d.timesChance());
    } else if (d.value() == null) {
      problems.add("no <value> (or <timesChance>) to compare with");
    }
    return new Reference.Value(d.value() == null ? Double.NaN : d.value());
  }

  private static double nonNegative(Double value, String field, List<String> problems) {
    if (value == null) return 0;
    if (value < 0) problems.add("<" + field + "> must not be negative");
    return value;
  }

  private static Set<String> present(ExpectationDeclaration d) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("experiment", d.experiment());
    fields.put("experiments", d.experiments());
    fields.put("than", d.than());
    fields.put("epoch", d.epoch());
    fields.put("metric", d.metric());
    fields.put("comparator", d.comparator());
    fields.put("value", d.value());
    fields.put("timesChance", d.timesChance());
    fields.put("margin", d.margin());
    fields.put("tolerance", d.tolerance());
    fields.put("ratioBelow", d.ratioBelow());
    fields.put("baseline", d.baseline());
    fields.values().removeIf(Objects::isNull);
    return fields.keySet();
  }

  private static String required(String value, String field, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add("no <" + field + ">");
      return "";
    }
    return value.trim();
  }

  private static List<String> ids(String commaSeparated, String field, List<String> problems) {
    List<String> ids = commaSeparated == null ? List.of() : Arrays.stream(
        commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (ids.isEmpty()) problems.add("no <" + field + "> (experiment ids, comma-separated)");
    return ids;
  }

  private static Double positive(Double value, String field, List<String> problems) {
    if (value != null && !(value > 0)) problems.add("<" + field + "> must be above 0");
    return value;
  }

  private static double tolerance(ExpectationDeclaration d, List<String> problems) {
    if (d.tolerance() == null) {
      problems.add("no <tolerance> (the largest difference allowed; accuracies in points)");
      return 0;
    }
    if (d.tolerance() < 0) problems.add("<tolerance> must not be negative");
    return d.tolerance();
  }

  private static Epoch epoch(String text, List<String> problems) {
    try {
      return Epoch.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return Epoch.LAST;
    }
  }

  private static Metric metric(String text, String epoch, List<String> problems) {
    try {
      return Metric.parse(text, epoch);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private static Metric beatsMetric(ExpectationDeclaration d, List<String> problems) {
    Metric metric = metric(d.metric() == null ? "best val_acc" : d.metric(), d.epoch(),
        problems);
    if (metric != null && !metric.quantity().accuracy() && !metric.quantity().loss()) {
      problems.add("beats compares accuracies (higher wins) or losses (lower wins), not "
          + metric.quantity().key());
    }
    return metric;
  }

  /** Table 1 prints the last epoch's losses and accuracies. */
  private static Metric paperMetric(ExpectationDeclaration d, List<String> problems) {
    Metric metric = metric(d.metric() == null ? "final val_acc" : d.metric(), null, problems);
    Set<Quantity> inTable = Set.of(Quantity.TRAIN_LOSS, Quantity.TRAIN_ACC, Quantity.VAL_LOSS,
        Quantity.VAL_ACC);
    if (metric != null && (!inTable.contains(metric.quantity())
        || metric.epoch().kind() != Epoch.Kind.LAST)) {
      problems.add("the paper's Table 1 has the final train_loss, train_acc, val_loss and "
          + "val_acc, not " + metric);
    }
    return metric;
  }

  private static Reference baseline(ExpectationDeclaration d, List<String> problems) {
    if (d.baseline() == null) {
      problems.add("no <baseline> (a results directory, or a directory of them)");
      return null;
    }
    return new Reference.Baseline(d.baseline());
  }

  private static Comparison comparison(String word, List<String> problems) {
    String words = Arrays.stream(Comparison.values()).map(Comparison::word)
        .collect(Collectors.joining(", "));
    if (word == null) {
      problems.add("no <comparator>; one of " + words);
      return null;
    }
    return Arrays.stream(Comparison.values()).filter(c -> c.word().equals(word.trim()))
        .findFirst().orElseGet(() -> {
          problems.add("unknown comparator '" + word + "'; one of " + words);
          return null;
        });
  }
}
