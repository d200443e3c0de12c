package dev.vgp.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command line changes in a declared plan: which experiments run, and how long. Given as
 * {@code -Dvgp.experiments=a,b}, {@code -Dvgp.epochs=N}, {@code -Dvgp.trainLimit=N},
 * {@code -Dvgp.evalLimit=N}.
 *
 * @param selectedIds the experiments to run, in declaration order; empty for all of them
 * @param epochs replaces every experiment's epochs when not null
 * @param trainLimit replaces every experiment's training-image limit when not null
 * @param evalLimit replaces every experiment's validation- and test-image limit when not null
 */
public record PlanOverrides(List<String> selectedIds, Integer epochs, Integer trainLimit,
    Integer evalLimit) {

  public PlanOverrides {
    selectedIds = List.copyOf(selectedIds);
  }

  public static PlanOverrides none() {
    return new PlanOverrides(List.of(), null, null, null);
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
