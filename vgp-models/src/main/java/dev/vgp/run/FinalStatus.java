package dev.vgp.run;

import dev.vgp.files.WriterLock;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.train.TrainingOutcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
   * Writes {@code planned} as running, with the versions of what computes and its start; a
   * resumed run keeps its first start and records this one as {@code resumedAt}.
   */
  static FinalStatus start(ResultsDirectory results, WriterLock lock, ExperimentRecord planned,
      boolean resumed, Map<String, String> versions) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("javaVersion", System.getProperty("java.version"));
    environment.putAll(versions);
    String now = Instant.now().toString();
    environment.put("startedAt", now);
    if (resumed) {
      results.readExperiment().map(earlier -> earlier.environment().get("startedAt"))
          .ifPresent(firstStart -> {
            environment.put("resumedAt", now);
            environment.put("startedAt", firstStart);
          });
    }
    FinalStatus status = new FinalStatus(results, lock,
        planned.withStatus(ExperimentRecord.RUNNING, environment));
    results.writeExperiment(status.running);
    return status;
  }

  void finished(TrainingOutcome outcome) {
    write(ExperimentRecord.FINISHED, Map.of(
        "device", outcome.device(),
        "resumedAtEpoch", Integer.toString(outcome.resumedAtEpoch()),
        "finishedAt", Instant.now().toString()));
  }

  /** @param where as {@code Divergence.describe} says it ("in epoch 3 at step 12: loss NaN...") */
  void diverged(String where) {
    write(ExperimentRecord.DIVERGED, Map.of("divergedAt", where,
        "finishedAt", Instant.now().toString()));
  }

  /** Stopped by a signal, a shutdown or a lost lock, for a rerun to resume. */
  void stopped(String reason) {
    write(ExperimentRecord.INTERRUPTED, Map.of("stoppedBy", reason,
        "stoppedAt", Instant.now().toString()));
  }

  /** Stopped by a failure of the training code or its machine, for a rerun to resume. */
  void failed(String message) {
    write(ExperimentRecord.INTERRUPTED, Map.of("stoppedBy", "failure: " + message));
  }

  private synchronized void write(String status, Map<String, String> moreEnvironment) {
    if (written || lock.lost()) return;
    results.writeExperiment(running.withStatus(status, moreEnvironment));
    written = true;
  }
}
