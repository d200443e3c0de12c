package dev.vgp.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * One declared experiment trained over several seeds: replicate k trains with the declared seed
 * plus k, into a results directory of its own. The first keeps the declared id, so that raising
 * {@code -Dvgp.seeds} from 1 to 3 trains only the two new seeds and leaves finished results up to
 * date; the others are named by their seed: {@code vgg08-1e-3-seed1}, {@code vgg08-1e-3-seed2}.
 */
public final class Replicates {

  /** What joins a declared id and a replicate's seed in the replicate's id. */
  public static final String SEED_SUFFIX = "-seed";

  private Replicates() {}

  /** The ids of {@code experiment}'s replicates over {@code seeds} seeds, in seed order. */
  public static List<String> ids(ExperimentDefinition experiment, int seeds) {
    return of(experiment, seeds).stream().map(ExperimentDefinition::id).toList();
  }

  /** {@code experiment} and its replicates over {@code seeds} seeds, in seed order. */
  public static List<ExperimentDefinition> of(ExperimentDefinition experiment, int seeds) {
    List<ExperimentDefinition> replicates = new ArrayList<>();
    replicates.add(experiment);
    long seed = experiment.training().seed();
    for (int k = 1; k < seeds; k++) {
      replicates.add(new ExperimentDefinition(experiment.id() + SEED_SUFFIX + (seed + k),
          experiment.label(), experiment.model(), experiment.training().with("seed", seed + k)));
    }
    return replicates;
  }
}
