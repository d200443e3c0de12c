package dev.vgp.expectations;

/**
 * What one expectation came to.
 *
 * @param measured what the results show; "" when nothing could be measured
 * @param reason why it failed without a measurement, or why it was skipped; "" otherwise
 */
public record Outcome(String name, String expected, String measured, Verdict verdict,
    String reason) {

  public enum Verdict { PASSED, FAILED, SKIPPED }

  /** One line for logs and JUnit messages: what was measured, or why nothing was. */
  public String detail() {
    if (reason.isEmpty()) return "measured " + measured;
    return measured.isEmpty() ? reason : reason + "; measured " + measured;
  }
}
