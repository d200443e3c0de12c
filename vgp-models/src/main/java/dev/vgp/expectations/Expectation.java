package dev.vgp.expectations;

import dev.vgp.analysis.RunLength;

/**
 * A claim about the recorded runs, with its name.
 *
 * @param needs how long the runs it reads must have trained for it to be judged ({@link
 *     RunLength}); on shorter runs it is skipped as too short to say, with the reason
 * @param seeds how it reads experiments replicated over seeds
 * @param knownToFail why the claim is known not to hold where it is checked (e.g. at a
 *     miniature's scale), "" for a claim that must hold: a known failure is reported, not failed,
 *     and a known failure that holds after all fails, so that the declaration is kept true
 */
public record Expectation(String name, Check check, RunLength.Need needs, Seeds seeds,
    String knownToFail) {

  /** How a claim reads experiments trained over several seeds. */
  public enum Seeds {
    /** It must hold at every seed on its own. */
    EVERY,
    /** It must hold for the mean over seeds of the number it reads. */
    MEAN
  }
}
