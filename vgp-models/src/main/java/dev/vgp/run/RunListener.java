package dev.vgp.run;

import dev.vgp.data.FetchListener;
import dev.vgp.files.LogSink;
import dev.vgp.train.TrainingListener;

/**
 * Hears a run: fetch messages and progress, decisions, and training progress, each line at its
 * level ({@link RunLog} shows them in a log).
 */
public interface RunListener extends FetchListener, TrainingListener, LogSink {
  @Override
  void info(String message);
}
