package dev.vgp.maven;

import dev.vgp.files.LogSink;
import org.apache.maven.plugin.logging.Log;

/**
 * A run's log lines into Maven's log, at their level. They come from several threads (two per
 * training process, and the goal's), and Maven's {@link Log} is not thread-safe by contract:
 * every line goes through one lock, the log's, so that lines are written whole.
 */
record MavenLogSink(Log log) implements LogSink {

  @Override
  public void debug(String message) {
    synchronized (log) {
      log.debug(message);
    }
  }

  @Override
  public void info(String message) {
    synchronized (log) {
      log.info(message);
    }
  }

  @Override
  public void warn(String message) {
    synchronized (log) {
      log.warn(message);
    }
  }

  @Override
  public void error(String message) {
    synchronized (log) {
      log.error(message);
    }
  }
}
