package dev.vgp.analysis;

/**
 * One declared expectation as the build's check evaluated it (docs/report.md).
 *
 * @param verdict PASSED, FAILED or SKIPPED
 * @param measured what the results show; "" when nothing could be measured
 * @param reason why it failed without a measurement, or why it was skipped; "" otherwise
 */
public record ExpectationRow(String name, String expected, String measured, String verdict,
    String reason) {}
