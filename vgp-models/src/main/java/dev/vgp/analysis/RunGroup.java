package dev.vgp.analysis;

import dev.vgp.results.ExperimentRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * One experiment's runs over seeds: runs whose records agree on everything but the seed (label,
 * model, training, data, vgp version), as {@code -Dvgp.seeds} makes them, or as runs brought
 * together from several machines. Table 1 shows one row per group, mean ± sd over its runs.
 *
 * @param runs in the order they were given; the first names the group
 */
public record RunGroup(List<ExperimentResults> runs) {

  public RunGroup {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) throw new IllegalArgumentException("a group has at least one run");
  }

  /**
   * The runs grouped as replicates of one another, each group where its first run stands. A run
   * without a readable experiment.json is a group of its own.
   */
  public static List<RunGroup> of(List<ExperimentResults> runs) {
    Map<Object, List<ExperimentResults>> byKey = new LinkedHashMap<>();
    for (ExperimentResults run : runs) {
      Object key = run.record().<Object>map(RunGroup::replicateKey).orElse(run.directory());
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
    }
    return byKey.values().stream().map(RunGroup::new).toList();
  }

  /** What replicates share: the record's label and fingerprinted content with the seed left out. */
  private static List<Object> replicateKey(ExperimentRecord record) {
    ExperimentRecord seedless = new ExperimentRecord("", record.label(), record.status(),
        record.model(), record.training().with("seed", 0L), record.dataset(),
        record.dataChecksum(), record.vgpVersion(), ExperimentRecord.Environment.NONE);
    return List.of(record.label(), seedless.fingerprint());
  }

  public ExperimentResults first() {
    return runs.get(0);
  }

  public int size() {
    return runs.size();
  }

  /** A value of every run that has it, in run order (runs without it are left out). */
  public double[] values(Function<ExperimentResults, Optional<Double>> value) {
    return runs.stream().map(value).flatMap(Optional::stream).mapToDouble(Double::doubleValue)
        .toArray();
  }

  /** The mean of a value over the runs that have it; empty when none has. */
  public Optional<Double> mean(Function<ExperimentResults, Optional<Double>> value) {
    OptionalDouble mean = Arrays.stream(values(value)).average();
    return mean.isPresent() ? Optional.of(mean.getAsDouble()) : Optional.empty();
  }

  /** The seeds of the runs, "0, 1, 2". */
  public String seeds() {
    return String.join(", ", runs.stream().map(r -> r.record()
        .map(rec -> Long.toString(rec.training().seed())).orElse("?")).toList());
  }
}
