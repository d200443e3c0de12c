package dev.vgp.train;

import dev.vgp.results.EpochMetrics;
import java.time.Duration;

/** What a training run tells its caller (the Maven plugin logs it); every method is optional. */
public interface TrainingListener {

  TrainingListener NONE = new TrainingListener() {};

  /** A line worth logging: device, resume point, warnings such as non-finite gradients. */
  default void info(String message) {}

  /** About every 10% of an epoch, and at its end. */
  default void progress(TrainingProgress progress) {}

  /** After an epoch's row is written and its checkpoint saved. */
  default void epochFinished(EpochMetrics metrics, int epochs, Duration remaining) {}
}
