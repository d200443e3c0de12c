package dev.vgp.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one experiment trains. Each component marked {@link Setting} is an experiment setting, and
 * this record is its whole declaration: name, type, documentation, and default in {@link
 * #reference()}, the reference's setup (Adam lr 1e-3, cosine annealing to 2e-5 over 100 epochs,
 * batch 100, seed 0, augmentation on).
 */
public record TrainingConfig(
    @Setting(value = "Adam's initial learning rate.", range = "(0, inf)")
    double learningRate,
    @Setting("cosine (annealed once per epoch to minLearningRate) or constant.")
    LearningRateSchedule schedule,
    @Setting(value = "The cosine schedule's final learning rate.", range = "[0, inf)")
    double minLearningRate,
    @Setting(value = "Epochs to train.", range = "[1, inf)")
    int epochs,
    @Setting(value = "Images per training step.", range = "[1, inf)")
    int batchSize,
    @Setting("Seed of initialisation, shuffling and augmentation.")
    long seed,
    @Setting("Random crop (4 pixels of zero padding) and horizontal flip of training images.")
    boolean augment,
    @Setting(value = "L2 weight decay added to the gradients.", range = "[0, inf)")
    double weightDecay,
    @Setting(value = "Train on the first N training images only, for quick runs (0: all).",
        range = "[0, inf)")
    int trainLimit,
    @Setting(value = "Validate and test on the first N images of each set only, for quick runs"
        + " (0: all); the full sets otherwise cost as much as a short training.",
        range = "[0, inf)")
    int evalLimit,
    @Setting(value = "Label smoothing ε of the training loss: its targets put 1 - ε + ε/K on the"
        + " true class and ε/K on each of the K classes' others (0: off). Validation and test"
        + " losses stay unsmoothed.", range = "[0, 1)", off = "0")
    double labelSmoothing,
    @Setting(value = "Train with TensorFlow's oneDNN bfloat16 mixed precision, on a CPU with"
        + " AVX512_BF16 or AMX: convolutions, batch norm and activations in bfloat16 (8 bits of"
        + " mantissa against float32's 24, the same exponent range), weights, Adam and the loss"
        + " in float32; faster, and no longer the reference's arithmetic.", off = "false")
    boolean bfloat16) {

  public static TrainingConfig reference() {
    return new TrainingConfig(1e-3, LearningRateSchedule.COSINE, 2e-5, 100, 100, 0, true, 0, 0,
        0, 0, false);
  }

  public double learningRateAt(int epoch) {
    return schedule.learningRate(learningRate, minLearningRate, epoch, epochs);
  }

  /** A copy with one setting changed, e.g. {@code with("epochs", 2)}. */
  public TrainingConfig with(String setting, Object value) {
    return Settings.with(this, Map.of(setting, value));
  }

  /** Every problem with this configuration, empty when it can train. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>(Settings.rangeProblems(this));
    if (minLearningRate > learningRate) {
      problems.add("minLearningRate must be in [0, learningRate], was " + minLearningRate);
    }
    if (schedule == null) problems.add("schedule is missing");
    if (trainLimit > 0 && batchSize > trainLimit) {
      problems.add("batchSize " + batchSize + " is larger than trainLimit " + trainLimit
          + ": not one full batch to train on");
    }
    return problems;
  }
}
