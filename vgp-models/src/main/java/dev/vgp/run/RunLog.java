package dev.vgp.run;

import dev.vgp.files.Durations;
import dev.vgp.files.LogSink;
import dev.vgp.results.EpochMetrics;
import dev.vgp.train.TrainingProgress;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a run as log lines: every message, every finished epoch, and step progress at most once
 * per interval so that a 100-epoch run stays readable. The same lines whether the run trains in
 * Maven's JVM or in a training process of its own, whose lines Maven's log repeats.
 */
public final class RunLog implements RunListener {

  private final LogSink sink;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long lastProgressAt;
  private boolean progressLogged;

  public RunLog(LogSink sink, Duration interval) {
    this(sink, interval, System::nanoTime);
  }

  RunLog(LogSink sink, Duration interval, LongSupplier nanoTime) {
    this.sink = sink;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public void debug(String message) {
    sink.debug(message);
  }

  @Override
  public void info(String message) {
    sink.info(message);
  }

  @Override
  public void warn(String message) {
    sink.warn(message);
  }

  @Override
  public void error(String message) {
    sink.error(message);
  }

  @Override
  public void progress(TrainingProgress p) {
    long now = nanoTime.getAsLong();
    if (progressLogged && now - lastProgressAt < intervalNanos) return;
    progressLogged = true;
    lastProgressAt = now;
    sink.info(String.format(Locale.ROOT,
        "epoch %d/%d step %d/%d: loss %.4f, accuracy %.2f%%, %.0f images/s, %s left",
        p.epoch() + 1, p.epochs(), p.step(), p.steps(), p.loss(), 100 * p.accuracy(),
        p.imagesPerSecond(), Durations.describe(p.remaining())));
  }

  @Override
  public void epochFinished(EpochMetrics m, int epochs, Duration remaining) {
    sink.info(String.format(Locale.ROOT,
        "epoch %d/%d done: train loss %.4f, accuracy %.2f%%; validation loss %.4f, accuracy"
            + " %.2f%%; lr %.3g; %.1f s, %.0f images/s; %s left",
        m.epoch() + 1, epochs, m.trainLoss(), 100 * m.trainAccuracy(), m.validationLoss(),
        100 * m.validationAccuracy(), m.learningRate(), m.seconds(), m.imagesPerSecond(),
        Durations.describe(remaining)));
  }
}
