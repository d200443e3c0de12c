package dev.vgp.expectations;

/**
 * A claim about the recorded runs, with its name.
 *
 * @param fullRunOnly the claim is only meaningful for runs trained on all images for the
 *     declared epochs (accuracies); on shortened runs it is skipped with the reason
 */
public record Expectation(String name, Check check, boolean fullRunOnly) {}
