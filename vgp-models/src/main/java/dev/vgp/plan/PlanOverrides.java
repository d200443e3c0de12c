package dev.vgp.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command line changes in a declared plan: which experiments run, and how long. Given as
 * {@code -Dvgp.experiments=a,b}, {@code -Dvgp.epochs=N}, {@code -Dvgp.trainLimit=N},
 * {@code -Dvgp.evalLimit=N}, and over how many seeds, {@code -Dvgp.seeds=N}.
 *
 * @param selectedIds the experiments to run, in declaration order; empty for all of them
 * @param epochs replaces every experiment's epochs when not null
 * @param trainLimit replaces every experiment's training-image limit when not null
 * @param evalLimit replaces every experiment's validation- and test-image limit when not null
 * @param seeds every selected experiment is trained over this many seeds ({@link Replicates})
 */
public record PlanOverrides(List<String> selectedIds, Integer epochs, Integer trainLimit,
    Integer evalLimit, int seeds) {

  public PlanOverrides {
    selectedIds = List.copyOf(selectedIds);
  }

  /** The experiments and run length as declared, one seed each. */
  public static PlanOverrides none() {
    return new PlanOverrides(List.of(), null, null, null, 1);
  }

  /** These overrides for one seed per experiment. */
  public PlanOverrides(List<String> selectedIds, Integer epochs, Integer trainLimit,
      Integer evalLimit) {
    this(selectedIds, epochs, trainLimit, evalLimit, 1);
  }

  /** The run length as settings that override every experiment's. */
  public ExperimentSettings settings() {
    Map<String, String> values = new LinkedHashMap<>();
    if (epochs != null) values.put("epochs", epochs.toString());
    if (trainLimit != null) values.put("trainLimit", trainLimit.toString());
    if (evalLimit != null) values.put("evalLimit", evalLimit.toString());
    return new ExperimentSettings(values);
  }
}
