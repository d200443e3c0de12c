package dev.vgp.run;

import dev.vgp.files.WriterLock;
import dev.vgp.results.ExperimentRecord.Environment;
import dev.vgp.results.ExperimentRecord.Status;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.train.TrainingOutcome;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The status of a run in experiment.json: {@code running} from its start, then its final status,
 * written once: by the training thread, or by the shutdown hook when training did not stop in
 * time; and not at all once another run took the lock over, whose directory it now is.
 */
final class FinalStatus {

  private final ResultsDirectory results;
  private final WriterLock lock;
  private final ExperimentRecord running;
  private boolean written;

  private FinalStatus(ResultsDirectory results, WriterLock lock, ExperimentRecord running) {
    this.results = results;
    this.lock = lock;
    this.running = running;
  }

  /**
   * Writes {@code planned} as running on {@code tensorflowVersion}, started now; a resumed run
   * keeps its first start and records this one as {@code resumedAt}.
   */
  static FinalStatus start(ResultsDirectory results, WriterLock lock, ExperimentRecord planned,
      boolean resumed, String tensorflowVersion) {
    Environment started = Environment.started(tensorflowVersion, Instant.now());
    if (resumed) {
      started = results.readExperiment().flatMap(earlier -> earlier.environment().startedAt())
          .map(started::resuming).orElse(started);
    }
    FinalStatus status = new FinalStatus(results, lock,
        planned.withStatus(Status.RUNNING, started));
    results.writeExperiment(status.running);
    return status;
  }

  void finished(TrainingOutcome outcome) {
    write(Status.FINISHED, e -> e.finished(outcome.device(), outcome.resumedAtEpoch(),
        Instant.now()));
  }

  /** @param where as {@code Divergence.describe} says it ("in epoch 3 at step 12: loss NaN...") */
  void diverged(String where) {
    write(Status.DIVERGED, e -> e.diverged(where, Instant.now()));
  }

  /** Stopped by a signal, a shutdown or a lost lock, for a rerun to resume. */
  void stopped(String reason) {
    write(Status.INTERRUPTED, e -> e.stopped(reason, Instant.now()));
  }

  /** Stopped by a failure of the training code or its machine, for a rerun to resume. */
  void failed(String message) {
    write(Status.INTERRUPTED, e -> e.failed(message));
  }

  private synchronized void write(Status status, UnaryOperator<Environment> ended) {
    if (written || lock.lost()) return;
    results.writeExperiment(running.withStatus(status, ended.apply(running.environment())));
    written = true;
  }
}
