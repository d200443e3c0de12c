package dev.vgp.maven;

import dev.vgp.plan.ExperimentSettings;

/**
 * The settings an experiment may declare, as a POM bean: {@code <defaults>} is one of these, and
 * every {@code <experiment>} extends it with an id and a label. Every field is optional; an absent
 * one falls back to the defaults, then to the reference setup (Adam, lr 1e-3, cosine to 2e-5, 100
 * epochs, batch 100, seed 0, augmentation). Maven fills the fields by name; {@link #toSettings()}
 * hands them to the core, which validates them.
 */
public class Settings {

  /** A named model, {@code vgg08} or {@code vgg38}; the model fields below refine it. */
  String model;
  /** {@code none}, {@code processing-blocks} or {@code all} (after every block conv: 339K). */
  String batchNorm;
  /** Identity skip connections around the processing blocks. */
  Boolean residual;
  /** {@code reference} (PyTorch's defaults, as the study ran), {@code he} or {@code glorot}. */
  String initialization;
  /** Stages of processing blocks, each followed by a halving reduction block (3). */
  Integer stages;
  /** Processing blocks per stage: 0 gives VGG08, 5 gives VGG38. */
  Integer blocksPerStage;
  /** Channels of every conv (32). */
  Integer width;
  /** Negative slope of the leaky ReLU (0.01). */
  Double leakySlope;
  /** Adam's initial learning rate (1e-3). */
  Double learningRate;
  /** {@code cosine} (annealed per epoch to minLearningRate) or {@code constant}. */
  String schedule;
  /** The cosine schedule's final learning rate (2e-5). */
  Double minLearningRate;
  /** Epochs to train (100). */
  Integer epochs;
  /** Images per training step (100). */
  Integer batchSize;
  /** Seed of initialisation, shuffling and augmentation (0). */
  Long seed;
  /** Random crop and horizontal flip of training images (true). */
  Boolean augment;
  /** L2 weight decay (0). */
  Double weightDecay;
  /** Train on the first N training images only, for quick runs (0: all). */
  Integer trainLimit;
  /** Validate and test on the first N images of each set only, for quick runs (0: all). */
  Integer evalLimit;

  public ExperimentSettings toSettings() {
    return new ExperimentSettings(model, batchNorm, residual, initialization, stages,
        blocksPerStage, width, leakySlope, learningRate, schedule, minLearningRate, epochs,
        batchSize, seed, augment, weightDecay, trainLimit, evalLimit);
  }
}
