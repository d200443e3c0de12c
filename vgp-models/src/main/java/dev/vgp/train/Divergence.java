package dev.vgp.train;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a run diverged: the first training step whose loss or gradient was NaN or infinite.
 *
 * @param epoch the 0-based epoch of that step
 * @param step the step within the epoch, 1-based
 * @param loss the step's training loss
 * @param firstLayer the first weight tensor, in network order, whose gradient was non-finite at
 *     that step; empty when only the loss was
 * @param nonFiniteLayers how many layers had a non-finite gradient at that step
 */
public record Divergence(int epoch, int step, double loss, Optional<String> firstLayer,
    int nonFiniteLayers) {

  /** "in epoch 0 at step 3: loss NaN, gradient of input_conv_conv_0 (and 8 more layers) NaN". */
  public String describe() {
    String gradient = firstLayer.map(layer -> "the gradient first became non-finite in " + layer
            + (nonFiniteLayers > 1 ? " (and " + (nonFiniteLayers - 1) + " more layers)" : ""))
        .orElse("the gradients were still finite");
    return String.format(Locale.ROOT, "in epoch %d at step %d: loss %s, %s", epoch, step,
        Double.toString(loss), gradient);
  }
}
