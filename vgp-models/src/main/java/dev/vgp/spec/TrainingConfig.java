package dev.vgp.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * How one experiment trains. Defaults are the reference's: Adam lr 1e-3, cosine annealing to 2e-5
 * over 100 epochs, batch 100, seed 0, augmentation on.
 *
 * @param trainLimit use only the first N training images (0: all), for quick runs
 * @param evalLimit validate and test on only the first N validation and test images (0: all), for
 *     quick runs: evaluation of the full sets otherwise costs as much as a short training
 */
public record TrainingConfig(
    double learningRate,
    LearningRateSchedule schedule,
    double minLearningRate,
    int epochs,
    int batchSize,
    long seed,
    boolean augment,
    double weightDecay,
    int trainLimit,
    int evalLimit) {

  public static TrainingConfig reference() {
    return new TrainingConfig(1e-3, LearningRateSchedule.COSINE, 2e-5, 100, 100, 0, true, 0, 0,
        0);
  }

  public double learningRateAt(int epoch) {
    return schedule.learningRate(learningRate, minLearningRate, epoch, epochs);
  }

  public TrainingConfig withLearningRate(double lr) {
    return new TrainingConfig(lr, schedule, minLearningRate, epochs, batchSize, seed, augment,
        weightDecay, trainLimit, evalLimit);
  }

  public TrainingConfig withEpochs(int n) {
    return new TrainingConfig(learningRate, schedule, minLearningRate, n, batchSize, seed, augment,
        weightDecay, trainLimit, evalLimit);
  }

  public TrainingConfig withBatchSize(int n) {
    return new TrainingConfig(learningRate, schedule, minLearningRate, epochs, n, seed, augment,
        weightDecay, trainLimit, evalLimit);
  }

  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(learningRate, schedule, minLearningRate, epochs, batchSize, s,
        augment, weightDecay, trainLimit, evalLimit);
  }

  public TrainingConfig withAugment(boolean on) {
    return new TrainingConfig(learningRate, schedule, minLearningRate, epochs, batchSize, seed, on,
        weightDecay, trainLimit, evalLimit);
  }

  public TrainingConfig withTrainLimit(int n) {
    return new TrainingConfig(learningRate, schedule, minLearningRate, epochs, batchSize, seed,
        augment, weightDecay, n, evalLimit);
  }

  public TrainingConfig withEvalLimit(int n) {
    return new TrainingConfig(learningRate, schedule, minLearningRate, epochs, batchSize, seed,
        augment, weightDecay, trainLimit, n);
  }

  /** Every problem with this configuration, empty when it can train. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      problems.add("learningRate must be a positive number, was " + learningRate);
    }
    if (!(minLearningRate >= 0) || minLearningRate > learningRate) {
      problems.add("minLearningRate must be in [0, learningRate], was " + minLearningRate);
    }
    if (epochs < 1) problems.add("epochs must be at least 1, was " + epochs);
    if (batchSize < 1) problems.add("batchSize must be at least 1, was " + batchSize);
    if (!(weightDecay >= 0)) problems.add("weightDecay must be 0 or more, was " + weightDecay);
    if (trainLimit < 0) problems.add("trainLimit must be 0 (all) or more, was " + trainLimit);
    if (evalLimit < 0) problems.add("evalLimit must be 0 (all) or more, was " + evalLimit);
    if (schedule == null) problems.add("schedule is missing");
    return problems;
  }
}
