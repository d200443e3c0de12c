package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AllocatorMemoryUsed;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

class ResourceMeterTest {

  @Test
  void readsTheKilobyteFieldsOfProcSelfStatusInBytes() {
    var status = ResourceMeter.parseStatus("""
        Name:\tjava
        VmPeak:\t 9000000 kB
        VmHWM:\t  2048000 kB
        VmRSS:\t  1024000 kB
        Threads:\t42
        """);
    assertEquals(2048000L * 1024, status.get("VmHWM"));
    assertEquals(1024000L * 1024, status.get("VmRSS"));
    assertEquals(null, status.get("Threads"));
  }

  /** No GPU here: the GPU's figure is checked on a trace as TensorFlow writes one on a GPU. */
  @Test
  void takesEachAllocatorsLargestUseInTheStepAndTellsTheGpusFromTheHosts() {
    RunMetadata trace = RunMetadata.newBuilder().setStepStats(StepStats.newBuilder()
        .addDevStats(device("/job:localhost/replica:0/task:0/device:CPU:0",
            node("mklcpu", 100), node("mklcpu", 300), node("cpu", 5)))
        .addDevStats(device("/job:localhost/replica:0/task:0/device:GPU:0",
            node("GPU_0_bfc", 4000), node("GPU_0_bfc", 7000), node("cuda_host_bfc", 20)))
        .addDevStats(device("/job:localhost/replica:0/task:0/device:GPU:1",
            node("GPU_1_bfc", 1000)))).build();
    ResourceMeter.AllocatorPeaks peaks = ResourceMeter.AllocatorPeaks.of(trace);
    assertEquals(OptionalLong.of(300 + 5 + 20), peaks.host());
    assertEquals(OptionalLong.of(7000 + 1000), peaks.gpu());

    RunMetadata cpuOnly = RunMetadata.newBuilder().setStepStats(StepStats.newBuilder()
        .addDevStats(device("/job:localhost/replica:0/task:0/device:CPU:0",
            node("mklcpu", 100)))).build();
    assertEquals(OptionalLong.empty(), ResourceMeter.AllocatorPeaks.of(cpuOnly).gpu());
  }

  private static DeviceStepStats device(String name, NodeExecStats... nodes) {
    DeviceStepStats.Builder device = DeviceStepStats.newBuilder().setDevice(name);
    for (NodeExecStats node : nodes) device.addNodeStats(node);
    return device.build();
  }

  private static NodeExecStats node(String allocator, long bytesInUse) {
    return NodeExecStats.newBuilder().addMemory(AllocatorMemoryUsed.newBuilder()
        .setAllocatorName(allocator).setAllocatorBytesInUse(bytesInUse)).build();
  }
}
