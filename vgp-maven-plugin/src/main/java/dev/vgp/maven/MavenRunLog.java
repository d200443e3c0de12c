package dev.vgp.maven;

import dev.vgp.results.EpochMetrics;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.train.TrainingProgress;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.maven.plugin.logging.Log;

/**
 * Shows a run in Maven's log: every message, every finished epoch, and step progress at most once
 * per interval so that a 100-epoch run stays readable.
 */
final class MavenRunLog implements ExperimentRunner.Listener {

  private final Log log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long lastProgressAt;
  private boolean progressLogged;

  MavenRunLog(Log log, Duration interval) {
    this(log, interval, System::nanoTime);
  }

  MavenRunLog(Log log, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void progress(TrainingProgress p) {
    long now = nanoTime.getAsLong();
    if (progressLogged && now - lastProgressAt < intervalNanos) return;
    progressLogged = true;
    lastProgressAt = now;
    log.info(String.format(Locale.ROOT,
        "epoch %d/%d step %d/%d: loss %.4f, accuracy %.2f%%, %.0f images/s, %s left",
        p.epoch() + 1, p.epochs(), p.step(), p.steps(), p.loss(), 100 * p.accuracy(),
        p.imagesPerSecond(), describe(p.remaining())));
  }

  @Override
  public void epochFinished(EpochMetrics m, int epochs, Duration remaining) {
    log.info(String.format(Locale.ROOT,
        "epoch %d/%d done: train loss %.4f, accuracy %.2f%%; validation loss %.4f, accuracy"
            + " %.2f%%; lr %.3g; %.1f s, %.0f images/s; %s left",
        m.epoch() + 1, epochs, m.trainLoss(), 100 * m.trainAccuracy(), m.validationLoss(),
        100 * m.validationAccuracy(), m.learningRate(), m.seconds(), m.imagesPerSecond(),
        describe(remaining)));
  }

  /** "2 h 05 min", "4 min 10 s", "12 s". */
  static String describe(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return seconds + " s";
  }
}
