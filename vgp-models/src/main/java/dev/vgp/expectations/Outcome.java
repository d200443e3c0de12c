package dev.vgp.expectations;

/**
 * What one expectation came to.
 *
 * @param measured what the results show; "" when nothing could be measured
 * @param reason why it failed without a measurement, or why it was skipped; "" otherwise
 */
public record Outcome(String name, String expected, String measured, Verdict verdict,
    String reason) {

  /**
   * KNOWN_FAILURE: the claim does not hold, as its declaration says it is known not to (at this
   * scale, on this data): reported with what was measured, not failing the build.
   */
  public enum Verdict { PASSED, FAILED, SKIPPED, KNOWN_FAILURE }

  /** One line for logs and JUnit messages: what was measured, or why nothing was. */
  public String detail() {
    if (reason.isEmpty()) return "measured " + measured;
    return measured.isEmpty() ? reason : reason + "; measured " + measured;
  }
}
