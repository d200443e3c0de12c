package dev.vgp.results;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What an epoch cost the training process, the last columns of {@code summary.csv}: what sizes a
 * cluster job's CPUs, memory and GPU. A value that was not measured is empty: all of them in
 * results written before vgp measured them, the GPU's without a GPU, the resident memory where
 * there is no {@code /proc/self/status}.
 *
 * @param cpuSeconds the process's CPU time during the epoch, every thread (the JVM's and
 *     TensorFlow's): over the epoch's {@code seconds}, the cores it kept busy
 * @param peakRssBytes the process's peak resident memory during the epoch ({@code VmHWM}), what a
 *     job's memory limit must hold
 * @param peakHeapBytes the Java heap's peak use during the epoch (the sum of its pools' peaks)
 * @param nativeBytes the resident memory beyond what the JVM committed (heap and non-heap) at the
 *     epoch's end: TensorFlow's tensors and buffers, the native libraries' pages, thread stacks
 * @param tensorFlowBytes the most that TensorFlow's host allocators held during the epoch's last
 *     step, from its trace
 * @param gpuBytes the most that TensorFlow's GPU allocators held during that step: device memory
 */
public record ResourceUse(OptionalDouble cpuSeconds, OptionalLong peakRssBytes,
    OptionalLong peakHeapBytes, OptionalLong nativeBytes, OptionalLong tensorFlowBytes,
    OptionalLong gpuBytes) {

  public static final ResourceUse UNMEASURED = new ResourceUse(OptionalDouble.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty());

  /** {@link #cpuSeconds} to the millisecond. */
  public Optional<Duration> cpuTime() {
    return cpuSeconds.isPresent()
        ? Optional.of(Duration.ofMillis(Math.round(1000 * cpuSeconds.getAsDouble())))
        : Optional.empty();
  }

  /** A run's: the CPU time of its epochs summed, each memory figure's largest epoch. */
  public static ResourceUse ofRun(List<EpochMetrics> epochs) {
    List<ResourceUse> measured = epochs.stream().map(EpochMetrics::resources).toList();
    OptionalDouble cpu = measured.stream().map(ResourceUse::cpuSeconds)
        .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
        .reduce(Double::sum);
    return new ResourceUse(cpu, largest(measured, ResourceUse::peakRssBytes),
        largest(measured, ResourceUse::peakHeapBytes), largest(measured, ResourceUse::nativeBytes),
        largest(measured, ResourceUse::tensorFlowBytes), largest(measured, ResourceUse::gpuBytes));
  }

  private static OptionalLong largest(List<ResourceUse> epochs,
      Function<ResourceUse, OptionalLong> value) {
    return epochs.stream().map(value).filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong).max();
  }
}
