package dev.vgp.train;

import dev.vgp.data.Batch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a training step's time goes, by kind of op, from TensorFlow's step stats of traced steps:
 * the kernels that ran ({@code _MklNativeConv2DBackpropInput} is oneDNN's gradient of a
 * convolution's input), how long each kind took per step and how many ran. Ops run side by side
 * on the inter-op threads, and each op's time is its wall time, so the sum can exceed the step.
 *
 * @param wallMsPerStep the traced steps' own wall time, tracing included
 * @param ops kinds of op, the most time first
 */
record StepProfile(double wallMsPerStep, List<OpTime> ops) {

  /** One kind of op: its summed wall time and count per step. */
  record OpTime(String op, double msPerStep, double perStep) {}

  /** Traces {@code steps} training steps of {@code session} on {@code batch}. */
  static StepProfile of(TrainingSession session, Batch batch, double learningRate, int steps) {
    Map<String, double[]> byOp = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      RunMetadata traced = session.trainObserved(batch, learningRate).trace();
      for (DeviceStepStats device : traced.getStepStats().getDevStatsList()) {
        for (NodeExecStats node : device.getNodeStatsList()) {
          double[] sums = byOp.computeIfAbsent(op(node.getTimelineLabel()), k -> new double[2]);
          sums[0] += node.getAllEndRelMicros() / 1000.0;
          sums[1]++;
        }
      }
    }
    double wall = (System.nanoTime() - start) / 1e6 / steps;
    List<OpTime> ops = new ArrayList<>();
    byOp.forEach((op, sums) -> ops.add(new OpTime(op, sums[0] / steps, sums[1] / steps)));
    ops.sort(Comparator.comparingDouble(OpTime::msPerStep).reversed());
    return new StepProfile(wall, ops);
  }

  /** The kernel's op type in a timeline label, "name = Type(inputs)"; the label if it has none. */
  static String op(String timelineLabel) {
    int equals = timelineLabel.indexOf(" = ");
    if (equals < 0) return timelineLabel;
    String call = timelineLabel.substring(equals + 3);
    int parenthesis = call.indexOf('(');
    return parenthesis < 0 ? call : call.substring(0, parenthesis);
  }

  /** One line per kind of op that took at least 0.05% of the summed time, then the rest. */
  List<String> table() {
    double total = ops.stream().mapToDouble(OpTime::msPerStep).sum();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "step %.1f ms (traced); ops summed %.1f ms",
        wallMsPerStep, total));
    lines.add(String.format(Locale.ROOT, "  %-36s %10s %7s %8s", "op", "ms/step", "share",
        "per step"));
    double rest = 0;
    int others = 0;
    for (OpTime op : ops) {
      if (op.msPerStep() < total * 5e-4) {
        rest += op.msPerStep();
        others++;
        continue;
      }
      lines.add(String.format(Locale.ROOT, "  %-36s %10.2f %6.1f%% %8.0f", op.op(),
          op.msPerStep(), 100 * op.msPerStep() / total, op.perStep()));
    }
    lines.add(String.format(Locale.ROOT, "  %-36s %10.2f %6.1f%%", others + " other kinds",
        rest, 100 * rest / total));
    return lines;
  }
}
