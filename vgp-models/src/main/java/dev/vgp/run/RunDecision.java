package dev.vgp.run;

import dev.vgp.results.DamagedResultsException;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.train.Checkpoints;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to do with an experiment given the results already on disk, and why (for the log).
 *
 * <p>Results are up to date when they are finished and carry the fingerprint this run would write:
 * the same model, training configuration, data and vgp version compute the same thing, so the run
 * is skipped (once its files are checked: {@link #damaged}). A running or interrupted run with the
 * same fingerprint resumes from its checkpoints. Anything else (another fingerprint, a diverged
 * run, damaged files or {@code -Dvgp.force}) starts over, since resuming from checkpoints of a
 * different configuration would mix two experiments, and from a diverged one would diverge again.
 */
public record RunDecision(Action action, String reason) {

  public enum Action {
    /** No earlier results: train from the first epoch. */
    TRAIN,
    /** An interrupted run of the same configuration: continue from its latest checkpoint. */
    RESUME,
    /** Finished results of the same configuration: nothing to do. */
    SKIP,
    /** Earlier results that do not match (or are forced out): set them aside, then train. */
    RESTART
  }

  /**
   * What to do with an experiment given its results on disk: {@link #decide}, after checking that
   * results it would skip or resume from are readable and, for a skip, agree, and that a run to
   * resume has an intact checkpoint, if it wrote any.
   */
  public static RunDecision of(ResultsDirectory results, ExperimentRecord planned,
      boolean force) {
    Optional<ExperimentRecord> earlier;
    try {
      earlier = results.readExperiment();
    } catch (DamagedResultsException e) {
      return damaged(e.getMessage());
    }
    RunDecision decision = decide(earlier, planned, force);
    if (decision.action() == Action.RESUME) {
      Optional<String> damage = Checkpoints.nothingToResumeFrom(results.checkpoints());
      if (damage.isPresent()) return damaged(damage.get());
    }
    if (decision.action() == Action.SKIP) {
      List<String> damage = results.damage(earlier.orElseThrow());
      if (!damage.isEmpty()) return damaged(String.join("; ", damage));
    }
    return decision;
  }

  public static RunDecision decide(Optional<ExperimentRecord> previous, ExperimentRecord planned,
      boolean force) {
    if (previous.isEmpty()) return new RunDecision(Action.TRAIN, "no earlier results");
    ExperimentRecord earlier = previous.get();
    String fingerprint = planned.fingerprint();
    if (!earlier.fingerprint().equals(fingerprint)) {
      return new RunDecision(Action.RESTART, "the configuration changed since the earlier run ("
          + String.join("; ", differences(earlier, planned)) + ")");
    }
    if (force) return new RunDecision(Action.RESTART, "vgp.force is set");
    String shortPrint = fingerprint.substring(0, 12);
    if (earlier.status() == ExperimentRecord.Status.DIVERGED) {
      return new RunDecision(Action.RESTART, "the earlier run diverged ("
          + earlier.environment().divergedAt().orElse("no details recorded")
          + "); it is trained again from the start");
    }
    return earlier.finished()
        ? new RunDecision(Action.SKIP, "up to date: finished results carry fingerprint "
            + shortPrint)
        : new RunDecision(Action.RESUME, "an interrupted run with fingerprint " + shortPrint
            + " is continued from its latest checkpoint");
  }

  /** Damaged earlier results: set them aside and train from the start. */
  public static RunDecision damaged(String problems) {
    return new RunDecision(Action.RESTART, "the earlier results are damaged (" + problems
        + ") and are not used");
  }

  /** "vgg38-1e-3: resuming, an interrupted run with fingerprint ... is continued ...". */
  public String describe(String experiment) {
    return experiment + ": " + verb() + ", " + reason;
  }

  /** "training", "resuming", "skipping", "training again". */
  public String verb() {
    return switch (action) {
      case TRAIN -> "training";
      case RESUME -> "resuming";
      case SKIP -> "skipping";
      case RESTART -> "training again";
    };
  }

  /** What differs between two records' fingerprinted content, as "training.epochs: 2 -> 3". */
  static List<String> differences(ExperimentRecord before, ExperimentRecord after) {
    List<String> changes = new ArrayList<>();
    compare("", before.fingerprinted(), after.fingerprinted(), changes);
    return changes;
  }

  private static void compare(String prefix, Map<?, ?> before, Map<?, ?> after,
      List<String> changes) {
    Set<Object> keys = new LinkedHashSet<>(after.keySet());
    keys.addAll(before.keySet());
    for (Object key : keys) {
      Object old = before.get(key);
      Object now = after.get(key);
      if (old instanceof Map<?, ?> oldMap && now instanceof Map<?, ?> newMap) {
        compare(prefix + key + ".", oldMap, newMap, changes);
      } else if (!Objects.equals(String.valueOf(old), String.valueOf(now))) {
        changes.add(prefix + key + ": " + old + " -> " + now);
      }
    }
  }
}
