package dev.vgp.plan;

import dev.vgp.results.ExperimentRecord;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/** One experiment resolved: what it trains, and how. Everything its fingerprint covers but data. */
public record ExperimentDefinition(
    String id, String label, ModelSpec model, TrainingConfig training) {

  /** What keeps this experiment from training on this many images; empty when it fits. */
  public List<String> problemsWithTrainImages(int trainImages) {
    List<String> problems = new ArrayList<>();
    int images = training.trainLimit() > 0
        ? Math.min(training.trainLimit(), trainImages)
        : trainImages;
    if (training.batchSize() > images) {
      problems.add("batchSize " + training.batchSize() + " is larger than the " + images
          + " training images" + (training.trainLimit() > 0 ? " left by trainLimit" : "")
          + ": not one full batch to train on");
    }
    return problems;
  }

  /**
   * The {@code experiment.json} record of a run of this experiment on data with this checksum;
   * its fingerprint decides whether earlier results are up to date.
   */
  public ExperimentRecord record(ExperimentRecord.Status status, String dataset,
      String dataChecksum, String vgpVersion, ExperimentRecord.Environment environment) {
    return new ExperimentRecord(id, label, status, model, training, dataset, dataChecksum,
        vgpVersion, environment);
  }
}
