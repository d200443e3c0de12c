package dev.vgp.train;

import dev.vgp.results.ResourceUse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.tensorflow.proto.AllocatorMemoryUsed;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Measures what an epoch costs the process that trains it ({@link ResourceUse}): started at the
 * epoch's beginning, it resets the peaks it reads at its end.
 */
final class ResourceMeter {

  private static final Path STATUS = Path.of("/proc/self/status");
  /** Writing 5 resets the process's peak resident memory to its current (Linux 4.0 and later). */
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  /** TensorFlow names its GPU allocators GPU_<n>_bfc; its host ones cpu, mklcpu, cuda_host_bfc. */
  private static final String GPU_ALLOCATOR = "GPU_";

  private final Optional<Duration> cpuAtStart;
  private final boolean peakRssReset;

  private ResourceMeter(Optional<Duration> cpuAtStart, boolean peakRssReset) {
    this.cpuAtStart = cpuAtStart;
    this.peakRssReset = peakRssReset;
  }

  static ResourceMeter start() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    return new ResourceMeter(cpuTime(), resetPeakRss());
  }

  /**
   * What the epoch cost since {@link #start}.
   *
   * @param lastStepTrace the trace of the epoch's last step, empty when the epoch stopped before it
   */
  ResourceUse stop(Optional<RunMetadata> lastStepTrace) {
    OptionalDouble cpu = cpuAtStart.flatMap(start -> cpuTime().map(end -> end.minus(start)))
        .map(d -> OptionalDouble.of(d.toNanos() / 1e9)).orElse(OptionalDouble.empty());
    Map<String, Long> status = readStatus();
    OptionalLong peakRss = kilobytes(status, "VmHWM");
    long heapPeak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    OptionalLong rss = kilobytes(status, "VmRSS");
    long jvmCommitted = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted()
        + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    OptionalLong nativeBytes = rss.isPresent()
        ? OptionalLong.of(Math.max(0, rss.getAsLong() - jvmCommitted)) : OptionalLong.empty();
    AllocatorPeaks allocators = lastStepTrace.map(AllocatorPeaks::of)
        .orElse(AllocatorPeaks.NONE);
    return new ResourceUse(cpu, peakRssReset ? peakRss : OptionalLong.empty(),
        OptionalLong.of(heapPeak), nativeBytes, allocators.host(), allocators.gpu());
  }

  /**
   * The most each kind of TensorFlow allocator held during a traced step, summed over allocators:
   * each node's trace records its allocator's bytes in use as it ran.
   */
  record AllocatorPeaks(OptionalLong host, OptionalLong gpu) {

    static final AllocatorPeaks NONE = new AllocatorPeaks(OptionalLong.empty(),
        OptionalLong.empty());

    static AllocatorPeaks of(RunMetadata trace) {
      Map<String, Long> peaks = new HashMap<>();
      for (DeviceStepStats device : trace.getStepStats().getDevStatsList()) {
        for (NodeExecStats node : device.getNodeStatsList()) {
          for (AllocatorMemoryUsed memory : node.getMemoryList()) {
            peaks.merge(memory.getAllocatorName(), memory.getAllocatorBytesInUse(), Math::max);
          }
        }
      }
      return new AllocatorPeaks(sum(peaks, false), sum(peaks, true));
    }

    private static OptionalLong sum(Map<String, Long> peaks, boolean gpu) {
      return peaks.entrySet().stream().filter(e -> e.getKey().startsWith(GPU_ALLOCATOR) == gpu)
          .mapToLong(Map.Entry::getValue).reduce(Long::sum);
    }
  }

  /** The values of {@code /proc/self/status} given in kB, in bytes, by field name. */
  static Map<String, Long> parseStatus(String text) {
    Map<String, Long> values = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] parts = line.split(":\\s+|\\s+");
      if (parts.length == 3 && parts[2].equals("kB")) {
        values.put(parts[0], Long.parseLong(parts[1]) * 1024);
      }
    }
    return values;
  }

  private static OptionalLong kilobytes(Map<String, Long> status, String field) {
    Long value = status.get(field);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private static Map<String, Long> readStatus() {
    try {
      return Files.isReadable(STATUS) ? parseStatus(Files.readString(STATUS)) : Map.of();
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** Whether the peak resident memory now counts from here; where not, it is not recorded. */
  private static boolean resetPeakRss() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static Optional<Duration> cpuTime() {
    return ProcessHandle.current().info().totalCpuDuration();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
  }
}
