package dev.vgp.data;

/**
 * One batch handed to the trainer: {@code size} uint8 NHWC images and their labels. The arrays may
 * be longer than needed when a pipeline reuses buffers; only the first {@code size} entries count.
 */
public record Batch(byte[] images, int[] labels, int size) {}
