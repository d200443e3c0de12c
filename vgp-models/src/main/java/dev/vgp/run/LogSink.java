package dev.vgp.run;

/**
 * Where a run's log lines go, at their level: Maven's log in the plugin, prefixed lines on
 * standard output in a training process that the plugin reads back ({@link ChildOutput}).
 */
public interface LogSink {

  /**
   * Detail only asked for (Maven's {@code -X}): TensorFlow's native INFO lines, which the
   * training process's log file keeps in full.
   */
  default void debug(String message) {}

  void info(String message);

  void warn(String message);

  void error(String message);
}
