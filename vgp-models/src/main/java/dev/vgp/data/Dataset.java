package dev.vgp.data;

import dev.vgp.spec.Normalization;

/**
 * A dataset split three ways, as the trainer consumes it. Implementations read CIFAR-100,
 * CIFAR-10, Fashion-MNIST or synthetic data; the trainer knows nothing else about them.
 */
public interface Dataset {

  /** A short name for logs and experiment.json, e.g. "cifar100". */
  String name();

  int numClasses();

  ImageSet train();

  ImageSet validation();

  ImageSet test();

  Normalization normalization();

  /** A checksum identifying the data (e.g. the archive's digest); part of the fingerprint. */
  String checksum();
}
