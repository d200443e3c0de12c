package dev.vgp.run;

import dev.vgp.files.LogSink;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs {@link Task}s and waits for each: in a training process of its own ({@link ChildLauncher},
 * vgp's default) or in this JVM ({@link #inThisJvm}, {@code -Dvgp.fork=false}).
 */
public interface Launcher extends AutoCloseable {

  /**
   * Writes {@code task}'s file into {@code directory}, with what runs it without this process
   * ({@code launch.sh}) where the launcher has such a thing, e.g. for a cluster job.
   */
  void prepare(Task task, Path directory);

  /**
   * Prepares {@code task} in {@code directory}, which also receives its log, and runs it to its
   * end.
   *
   * @throws RuntimeException when the task failed: a {@link ChildProcessException} from a
   *     training process, the task's own exception in this JVM
   */
  void run(Task task, Path directory);

  /** Ends the processes it started for its tasks. */
  @Override
  default void close() {}

  /**
   * A launcher that runs each task in this JVM on TensorFlow, its lines shown through
   * {@code sink}, step progress at most once per {@code progressInterval}; TensorFlow's
   * environment is then this JVM's.
   */
  static Launcher inThisJvm(LogSink sink, Duration progressInterval) {
    return inThisJvm(Engine.tensorFlow(), sink, progressInterval);
  }

  /** As {@link #inThisJvm(LogSink, Duration)}, training on {@code engine}. */
  static Launcher inThisJvm(Engine engine, LogSink sink, Duration progressInterval) {
    Worker worker = new Worker(engine, new RunLog(sink, progressInterval));
    return new Launcher() {
      @Override
      public void prepare(Task task, Path directory) {
        PlanFiles.write(task, directory);
      }

      @Override
      public void run(Task task, Path directory) {
        prepare(task, directory);
        task.run(worker);
      }
    };
  }
}
