package dev.vgp.files;

import java.util.function.Supplier;

/**
 * Where log lines go, at their level: Maven's log in the plugin, framed events on standard output
 * in a training process that the plugin reads back.
 */
public interface LogSink {

  /**
   * Detail only asked for (Maven's {@code -X}): TensorFlow's native INFO lines, which the
   * training process's log file keeps in full.
   */
  default void debug(String message) {}

  void info(String message);

  /** Something that deserves attention but does not stop what runs. */
  void warn(String message);

  void error(String message);

  /** This sink with {@code prefix} before every message, e.g. an experiment's id and a colon. */
  default LogSink withPrefix(String prefix) {
    return withPrefix(() -> prefix);
  }

  /** This sink with the prefix {@code prefix} gives at each message before it. */
  default LogSink withPrefix(Supplier<String> prefix) {
    LogSink sink = this;
    return new LogSink() {
      @Override
      public void debug(String message) {
        sink.debug(prefix.get() + message);
      }

      @Override
      public void info(String message) {
        sink.info(prefix.get() + message);
      }

      @Override
      public void warn(String message) {
        sink.warn(prefix.get() + message);
      }

      @Override
      public void error(String message) {
        sink.error(prefix.get() + message);
      }
    };
  }
}
