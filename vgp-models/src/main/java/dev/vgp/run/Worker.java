package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.data.PreparedData;

/**
 * The JVM a {@link Task} runs in, as the task sees it: the engine that trains, where its lines go,
 * and the dataset read last, kept for the next task on the same data (the experiments of a build
 * train one after another in one process, which reads the data once). One per training process,
 * or per launcher that runs tasks in Maven's JVM.
 */
public final class Worker {

  private final Engine engine;
  private final RunListener listener;
  private final LoadedData loaded = new LoadedData();

  public Worker(Engine engine, RunListener listener) {
    this.engine = engine;
    this.listener = listener;
  }

  public Engine engine() {
    return engine;
  }

  public RunListener listener() {
    return listener;
  }

  /** The dataset of {@code data}, read unless it was the last one read. */
  public Dataset load(PreparedData data) {
    return loaded.load(data, listener);
  }
}
