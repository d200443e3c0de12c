package dev.vgp.run;

import dev.vgp.data.PreparedData;
import dev.vgp.results.DepthSweepRow;
import java.nio.file.Path;

/**
 * The {@code depth-sweep} task: the study's variants measured and predicted at initialisation at
 * many depths ({@link DepthSweep}) on the prepared data, written to {@code csv}.
 */
public record DepthSweepPlan(PreparedData data, DepthSweep.Plan sweep, Path csv) implements Task {

  @Override
  public TaskKind kind() {
    return TaskKind.DEPTH_SWEEP;
  }

  @Override
  public void run(Worker worker) {
    RunListener listener = worker.listener();
    DepthSweepRow.write(csv, DepthSweep.measure(worker.load(data), sweep, listener::info));
    listener.info("Wrote " + csv);
  }

  @Override
  public String describe(Path directory) {
    return "the depth sweep";
  }

  @Override
  public String rerunHint(Path directory) {
    return "Run the goal again to measure anew.";
  }
}
