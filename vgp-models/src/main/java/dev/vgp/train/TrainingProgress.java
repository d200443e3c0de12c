package dev.vgp.train;

import java.time.Duration;

/**
 * Where a running epoch stands.
 *
 * @param epoch 0-based epoch
 * @param step steps done in this epoch, 1..steps
 * @param loss running mean training loss of the epoch so far
 * @param accuracy running mean training accuracy (0-1) of the epoch so far
 * @param imagesPerSecond training throughput of the epoch so far
 * @param remaining estimated time to the end of the last epoch
 */
public record TrainingProgress(int epoch, int epochs, int step, int steps, double loss,
    double accuracy, double imagesPerSecond, Duration remaining) {}
