package dev.vgp.run;

/**
 * Where a run's log lines go, at their level: Maven's log in the plugin, prefixed lines on
 * standard output in a training process that the plugin reads back ({@link ChildOutput}).
 */
public interface LogSink {

  void info(String message);

  void warn(String message);

  void error(String message);
}
