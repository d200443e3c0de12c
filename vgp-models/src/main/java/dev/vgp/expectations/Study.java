package dev.vgp.expectations;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.ReferenceTable;
import dev.vgp.analysis.RunLength;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recorded runs expectations are evaluated over, by experiment id, with the paper's Table 1,
 * the epochs the POM declares (to tell a full run from a shortened one) and each declared
 * experiment's replicates over seeds.
 *
 * @param declaredEpochs per declared experiment, its epochs before any {@code -Dvgp.epochs};
 *     runs not declared here (brought in with {@code -Dvgp.resultsDirectories}) are judged by their
 *     image limits alone
 * @param leftOut declared experiments left out of this build by {@code -Dvgp.experiments}:
 *     expectations about them are skipped, not failed, as the user asked for the others only
 * @param replicates per declared experiment trained over several seeds, its replicates' ids in
 *     seed order (the first is the declared id itself); {@link #atSeed} reads one seed of each
 */
public record Study(Map<String, ExperimentResults> runs, ReferenceTable reference,
    Map<String, Integer> declaredEpochs, Set<String> leftOut,
    Map<String, List<String>> replicates) {

  public Study {
    runs = Map.copyOf(runs);
    declaredEpochs = Map.copyOf(declaredEpochs);
    leftOut = Set.copyOf(leftOut);
    replicates = Map.copyOf(replicates);
  }

  /** The runs by id (a later run with the id of an earlier one replaces it), none left out. */
  public static Study of(List<ExperimentResults> runs, ReferenceTable reference,
      Map<String, Integer> declaredEpochs) {
    Map<String, ExperimentResults> byId = new LinkedHashMap<>();
    for (ExperimentResults run : runs) byId.put(run.id(), run);
    return new Study(byId, reference, declaredEpochs, Set.of(), Map.of());
  }

  /** This study with the declared experiments {@code -Dvgp.experiments} did not select. */
  public Study leavingOut(Set<String> ids) {
    return new Study(runs, reference, declaredEpochs, ids, replicates);
  }

  /** This study with each declared experiment's replicates over seeds, first the declared id. */
  public Study withReplicates(Map<String, List<String>> replicatesById) {
    return new Study(runs, reference, declaredEpochs, leftOut, replicatesById);
  }

  /** How many seeds each experiment was declared over: 1 without replicates. */
  public int seeds() {
    return replicates.values().stream().mapToInt(List::size).max().orElse(1);
  }

  /**
   * The study at one seed: each replicated experiment's id stands for its {@code k}-th replicate
   * (0: the declared id's own run), so a claim about {@code vgg08-1e-3} reads that seed's run.
   */
  public Study atSeed(int k) {
    if (replicates.isEmpty()) return this;
    Map<String, ExperimentResults> atSeed = new LinkedHashMap<>(runs);
    Map<String, Integer> epochs = new LinkedHashMap<>(declaredEpochs);
    replicates.forEach((id, ids) -> {
      atSeed.remove(id);
      String replicate = ids.get(Math.min(k, ids.size() - 1));
      ExperimentResults run = runs.get(replicate);
      if (run != null) atSeed.put(id, run);
      Integer declared = declaredEpochs.get(id);
      if (declared != null) epochs.put(replicate, declared);
    });
    return new Study(atSeed, reference, epochs, leftOut, Map.of());
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
      throw new Metric.Unmeasurable(run.id() + " was not run: " + run.directory()
          + " does not exist");
    }
    ExperimentRecord record = run.record().orElseThrow(() -> new Metric.Unmeasurable(run.id()
        + " has no readable " + ResultsDirectory.EXPERIMENT));
    if (!record.finished()) {
      throw new Metric.Unmeasurable(run.id() + " did not finish: its status is "
          + record.status());
    }
    return run;
  }

  /**
   * Why the finished run of {@code id} is too short for a finding that needs {@code need}
   * ({@link RunLength}, the one judgement the report's Findings use too); empty when it is long
   * enough.
   */
  public Optional<String> tooShortToSay(String id, RunLength.Need need) {
    ExperimentResults run = finished(id);
    return RunLength.tooShortToSay(run.record().orElseThrow(), need,
        declaredEpochs.get(run.id()));
  }
}
