package dev.vgp.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.vgp.data.PreparedData;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.ExperimentRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * One experiment as {@code vgp:train} resolved and validated it, frozen into {@code plan.json} in
 * its results directory: everything a training process needs, so that it reads no POM and an
 * edited POM cannot change a run that has started. A cluster job runs the same file. The
 * {@code train} task.
 *
 * @param experiment id, label, model specification and training configuration
 * @param data the verified data on disk: dataset, directory of its record files, checksum
 * @param vgpVersion the version of vgp that planned it, part of the fingerprint
 * @param outputDirectory the directory of results directories; this experiment's is
 *     {@code <outputDirectory>/<id>}
 * @param keep the files of its results directory, besides vgp's own, that belong to the run
 *     under way, as glob patterns: a scheduler's job script, job id and log, which a set-aside
 *     of earlier results leaves where they are; none from a file that does not name them
 */
@JsonPropertyOrder({"fingerprint"})
@JsonIgnoreProperties(value = "fingerprint", allowGetters = true)
public record FrozenPlan(ExperimentDefinition experiment, PreparedData data, String vgpVersion,
    Path outputDirectory, @JsonSetter(nulls = Nulls.AS_EMPTY) List<String> keep)
    implements Task {

  /** The file's name in the experiment's results directory. */
  public static final String FILE = "plan.json";

  @Override
  public TaskKind kind() {
    return TaskKind.TRAIN;
  }

  /** Trains the experiment, unless its results are finished: {@link ExperimentTraining}. */
  @Override
  public void run(Worker worker) {
    ExperimentTraining.train(this, worker);
  }

  @Override
  public String describe(Path directory) {
    return "training " + directory.getFileName();
  }

  @Override
  public String rerunHint(Path directory) {
    return "Run vgp:train again (or " + directory.resolve(ChildLauncher.LAUNCH_SCRIPT)
        + ") to resume from the last checkpoint.";
  }

  /** The {@code experiment.json} record a run of this plan writes while it trains. */
  @JsonIgnore
  public ExperimentRecord running() {
    return experiment.record(ExperimentRecord.Status.RUNNING, data.kind().id(), data.checksum(),
        vgpVersion, ExperimentRecord.Environment.NONE);
  }

  /** What decides whether earlier results are this run's: see {@link ExperimentRecord}. */
  @JsonProperty
  public String fingerprint() {
    return running().fingerprint();
  }

  @JsonIgnore
  public Path resultsDirectory() {
    return outputDirectory.resolve(experiment.id());
  }

  @JsonIgnore
  public Path file() {
    return resultsDirectory().resolve(FILE);
  }
}
