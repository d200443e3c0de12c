package dev.vgp.train;

import dev.vgp.spec.ModelSpec;

/**
 * Speed of full training steps (forward, backward, Adam, BN statistics, gradient-flow capture)
 * for one model at one batch size, over several timed rounds.
 *
 * @param startSeconds graph build plus session start (variables initialised), without the
 *     one-time load of TensorFlow's native library into the JVM
 * @param medianMsPerStep median over rounds of the mean step time within a round
 * @param gflopsPerSecond {@link ModelSpec#trainingFlopsPerImage()} times images per second
 */
public record BenchmarkResult(ModelSpec spec, int batchSize, double startSeconds,
    double medianMsPerStep,
    double minMsPerStep, double maxMsPerStep, double imagesPerSecond, double gflopsPerSecond,
    String device) {}
