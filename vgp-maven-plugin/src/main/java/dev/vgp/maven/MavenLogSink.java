package dev.vgp.maven;

import dev.vgp.files.LogSink;
import org.apache.maven.plugin.logging.Log;

/** A run's log lines into Maven's log, at their level. */
record MavenLogSink(Log log) implements LogSink {

  @Override
  public void debug(String message) {
    log.debug(message);
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void error(String message) {
    log.error(message);
  }
}
