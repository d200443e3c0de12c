package dev.vgp.expectations;

import dev.vgp.report.ExperimentResults;
import dev.vgp.report.Format;
import dev.vgp.report.ReferenceTable;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.TrainingConfig;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recorded runs expectations are evaluated over, by experiment id, with the paper's Table 1
 * and the epochs the POM declares (to tell a full run from a shortened one).
 *
 * @param declaredEpochs per declared experiment, its epochs before any {@code -Dvgp.epochs};
 *     runs not declared here (brought in with {@code -Dvgp.resultsDirectories}) are judged by their
 *     image limits alone
 * @param leftOut declared experiments left out of this build by {@code -Dvgp.experiments}:
 *     expectations about them are skipped, not failed, as the user asked for the others only
 */
public record Study(Map<String, ExperimentResults> runs, ReferenceTable reference,
    Map<String, Integer> declaredEpochs, Set<String> leftOut) {

  public Study {
    runs = Map.copyOf(runs);
    declaredEpochs = Map.copyOf(declaredEpochs);
    leftOut = Set.copyOf(leftOut);
  }

  /** The runs by id (a later run with the id of an earlier one replaces it), none left out. */
  public static Study of(List<ExperimentResults> runs, ReferenceTable reference,
      Map<String, Integer> declaredEpochs) {
    Map<String, ExperimentResults> byId = new LinkedHashMap<>();
    for (ExperimentResults run : runs) byId.put(run.id(), run);
    return new Study(byId, reference, declaredEpochs, Set.of());
  }

  /** This study with the declared experiments {@code -Dvgp.experiments} did not select. */
  public Study leavingOut(Set<String> ids) {
    return new Study(runs, reference, declaredEpochs, ids);
  }

  /**
   * The finished run of {@code id}.
   *
   * @throws Metric.Unmeasurable saying why there is none: never run, no experiment.json, or a
   *     status other than finished (running, interrupted, diverged...)
   */
  public ExperimentResults finished(String id) {
    ExperimentResults run = runs.get(id);
    if (run == null) {
      throw new Metric.Unmeasurable("no results for " + id + " among the " + runs.size()
          + " results directories read");
    }
    if (!Files.isDirectory(run.directory())) {
      throw new Metric.Unmeasurable(id + " was not run: " + run.directory()
          + " does not exist");
    }
    ExperimentRecord record = run.record().orElseThrow(() -> new Metric.Unmeasurable(id
        + " has no readable " + ResultsDirectory.EXPERIMENT));
    if (!record.finished()) {
      throw new Metric.Unmeasurable(id + " did not finish: its status is " + record.status());
    }
    return run;
  }

  /**
   * How the finished run of {@code id} was shortened (image limits, fewer epochs than declared),
   * e.g. "trained on the first 1,000 images, evaluated on 500, for 2 of 100 epochs"; empty for a
   * full run.
   */
  public Optional<String> shortened(String id) {
    TrainingConfig training = finished(id).record().orElseThrow().training();
    List<String> how = new ArrayList<>();
    if (training.trainLimit() > 0) {
      how.add("trained on the first " + Format.thousands(training.trainLimit()) + " images");
    }
    if (training.evalLimit() > 0) {
      how.add("evaluated on " + Format.thousands(training.evalLimit()));
    }
    Integer declared = declaredEpochs.get(id);
    if (declared != null && training.epochs() < declared) {
      how.add("for " + training.epochs() + " of " + declared + " epochs");
    }
    return how.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", how));
  }
}
