package dev.vgp.expectations;

import dev.vgp.report.RunLength;

/**
 * A claim about the recorded runs, with its name.
 *
 * @param needs how long the runs it reads must have trained for it to be judged ({@link
 *     RunLength}); on shorter runs it is skipped as too short to say, with the reason
 * @param seeds how it reads experiments replicated over seeds
 */
public record Expectation(String name, Check check, RunLength.Need needs, Seeds seeds) {

  /** How a claim reads experiments trained over several seeds. */
  public enum Seeds {
    /** It must hold at every seed on its own. */
    EVERY,
    /** It must hold for the mean over seeds of the number it reads. */
    MEAN
  }
}
