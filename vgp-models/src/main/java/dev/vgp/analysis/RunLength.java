package dev.vgp.analysis;

import dev.vgp.results.ExperimentRecord;
import dev.vgp.spec.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one judgement of whether a run is long enough to say something: the report's Findings and
 * {@code vgp:check} both ask it, so they never disagree about a run being "too short to say".
 *
 * <p>A finding about training (does a model train, which variant trains best) needs at least
 * {@value #MIN_TRAINING_STEPS} optimizer steps. Measured on Fashion-MNIST (docs/report.md): every
 * cured VGG38 is far above chance after 240 steps (the miniature profile), while after 20 (the
 * quick profile) even the best of them sits at chance, so 20 steps say nothing about training and
 * a verdict from them would be noise. A comparison with the paper's absolute numbers needs the
 * full run the paper made: every image, every declared epoch. Gradient-flow findings need no
 * training length: vanishing at initialisation is a property of the untrained network.
 */
public final class RunLength {

  /** The fewest optimizer steps a finding about training is judged from. */
  public static final int MIN_TRAINING_STEPS = 200;

  /** What a finding needs of the runs it reads. */
  public enum Need {
    /** Any finished run: gradient-flow findings, a baseline comparison of like with like. */
    ANY,
    /** At least {@link #MIN_TRAINING_STEPS} steps: whether and how well models train. */
    TRAINING,
    /** All images for every declared epoch: the paper's absolute numbers. */
    FULL_RUN
  }

  private RunLength() {}

  /**
   * Why {@code record}'s run is too short for a finding that needs {@code need}, e.g. "trained
   * for 20 steps (2 epochs of 1,000 images, batch 100), fewer than the 200 a finding about
   * training needs"; empty when it is long enough.
   *
   * @param declaredEpochs the epochs the POM declares for it before any {@code -Dvgp.epochs};
   *     null when not declared (a run brought in from elsewhere)
   */
  public static Optional<String> tooShortToSay(ExperimentRecord record, Need need,
      Integer declaredEpochs) {
    TrainingConfig training = record.training();
    return switch (need) {
      case ANY -> Optional.empty();
      case TRAINING -> trainingSteps(training) >= MIN_TRAINING_STEPS ? Optional.empty()
          : Optional.of(String.format(Locale.ROOT, "trained for %d steps (%d epoch%s of %s "
                  + "images, batch %d), fewer than the %d a finding about training needs",
              trainingSteps(training), training.epochs(), training.epochs() == 1 ? "" : "s",
              Format.thousands(training.trainLimit()), training.batchSize(),
              MIN_TRAINING_STEPS));
      case FULL_RUN -> shortened(training, declaredEpochs).map(how -> "shortened (" + how
          + "), and the claim needs a full run");
    };
  }

  /**
   * Optimizer steps of a run; a run on all training images (at least the 47,500 of CIFAR-100's
   * split) counts as long enough for any epoch count.
   */
  static long trainingSteps(TrainingConfig training) {
    if (training.trainLimit() == 0) return Long.MAX_VALUE;
    return (long) training.epochs() * (training.trainLimit() / training.batchSize());
  }

  /** How a run was shortened: "trained on the first 1,000 images, evaluated on 500, ...". */
  private static Optional<String> shortened(TrainingConfig training, Integer declaredEpochs) {
    List<String> how = new ArrayList<>();
    if (training.trainLimit() > 0) {
      how.add("trained on the first " + Format.thousands(training.trainLimit()) + " images");
    }
    if (training.evalLimit() > 0) {
      how.add("evaluated on " + Format.thousands(training.evalLimit()));
    }
    if (declaredEpochs != null && training.epochs() < declaredEpochs) {
      how.add("for " + training.epochs() + " of " + declaredEpochs + " epochs");
    }
    return how.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", how));
  }
}
