package dev.vgp.run;

import dev.vgp.data.PreparedData;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.ExperimentRecord;
import java.nio.file.Path;
import java.util.Map;

/**
 * One experiment as {@code vgp:train} resolved and validated it, frozen into {@code plan.json} in
 * its results directory: everything a training process needs, so that it reads no POM and an
 * edited POM cannot change a run that has started. A cluster job runs the same file.
 *
 * @param experiment id, label, model specification and training configuration
 * @param data the verified data on disk: dataset, directory of its record files, checksum
 * @param vgpVersion the version of vgp that planned it, part of the fingerprint
 * @param outputDirectory the directory of results directories; this experiment's is
 *     {@code <outputDirectory>/<id>}
 */
public record FrozenPlan(ExperimentDefinition experiment, PreparedData data, String vgpVersion,
    Path outputDirectory) {

  /** The file's name in the experiment's results directory. */
  public static final String FILE = "plan.json";

  /** The {@code experiment.json} record a run of this plan writes while it trains. */
  public ExperimentRecord running() {
    return experiment.record(ExperimentRecord.RUNNING, data.kind().id(), data.checksum(),
        vgpVersion, Map.of());
  }

  /** What decides whether earlier results are this run's: see {@link ExperimentRecord}. */
  public String fingerprint() {
    return running().fingerprint();
  }

  public Path resultsDirectory() {
    return outputDirectory.resolve(experiment.id());
  }

  public Path file() {
    return resultsDirectory().resolve(FILE);
  }
}
