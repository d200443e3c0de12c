package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.SetAside;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.train.StopRequest;
import dev.vgp.train.TrainingDivergedException;
import dev.vgp.train.TrainingOutcome;
import dev.vgp.train.TrainingStoppedException;
import java.math.BigDecimal;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The {@code train} task's work, in the JVM that runs it: one experiment trained from its frozen
 * plan into its results directory, under the directory's {@link WriterLock}, held from the
 * decision to the final status ({@link FinalStatus}). It decides again from the results on disk,
 * never forcing, so that a rerun of the same plan (a requeued cluster job, a {@code launch.sh})
 * resumes or finds it finished.
 */
final class ExperimentTraining {

  /** vgp's files of the run under way: written before training starts, never set aside. */
  private static final Set<String> OWN = Set.of(FrozenPlan.FILE, ChildLauncher.LAUNCH_SCRIPT,
      TaskKind.TRAIN.log());

  private final FrozenPlan plan;
  private final Worker worker;
  private final ExperimentDefinition experiment;
  private final ResultsDirectory results;

  private ExperimentTraining(FrozenPlan plan, Worker worker) {
    this.plan = plan;
    this.worker = worker;
    this.experiment = plan.experiment();
    this.results = new ResultsDirectory(plan.resultsDirectory());
  }

  /**
   * Trains {@code plan} unless its results are already finished.
   *
   * @throws ExperimentDivergedException when it diverged (recorded as such)
   * @throws TrainingStoppedException when the JVM shut down during training
   */
  static void train(FrozenPlan plan, Worker worker) {
    if (!plan.vgpVersion().equals(VgpVersion.current())) {
      throw new IllegalArgumentException(plan.file() + " was planned by vgp "
          + plan.vgpVersion() + " but this is vgp " + VgpVersion.current() + ", whose runs"
          + " carry another fingerprint: run vgp:train again, which plans it anew");
    }
    new ExperimentTraining(plan, worker).train();
  }

  private void train() {
    RunListener listener = worker.listener();
    RunDecision first = RunDecision.of(results, plan.running(), false);
    listener.info(first.describe(experiment.id()));
    if (first.action() == RunDecision.Action.SKIP) return;
    Dataset data = worker.load(plan.data());
    new ExperimentPlan(List.of(experiment)).requireFits(data.train().count());
    StopRequest stop = new StopRequest();
    AtomicReference<Runnable> unanswered = new AtomicReference<>(() -> {});
    // Closed last, once the status is written and the lock released: until then a shutdown waits.
    try (StopOnShutdown onShutdown = new StopOnShutdown(experiment.id(), stop,
            () -> unanswered.get().run());
        WriterLock lock = WriterLock.acquire(results.root(), WriterLock.Policy.failFast(),
            listener.withPrefix(experiment.id() + ": "))) {
      lock.whenLost(stop::request);
      // another run may have finished or changed the results since the first look
      RunDecision decision = RunDecision.of(results, plan.running(), false);
      if (!decision.equals(first)) {
        listener.info(experiment.id() + ": now " + decision.verb() + ", " + decision.reason());
      }
      if (decision.action() == RunDecision.Action.SKIP) return;
      train(decision, data, lock, stop, unanswered);
    }
  }

  /**
   * @param unanswered set to what a shutdown hook does when training does not stop in time:
   *     write the status interrupted, say so, release the lock
   */
  private void train(RunDecision decision, Dataset data, WriterLock lock, StopRequest stop,
      AtomicReference<Runnable> unanswered) {
    RunListener listener = worker.listener();
    // Files without an experiment.json are of unknown origin: resuming from their checkpoints
    // could continue another configuration's run, but they are kept.
    if (decision.action() != RunDecision.Action.RESUME) setAside(plan, listener);
    FinalStatus status = FinalStatus.start(results, lock, plan.running(),
        decision.action() == RunDecision.Action.RESUME, worker.engine().version());
    listener.info(experiment.id() + ": training " + experiment.model().describe() + ", "
        + describe(experiment.training()) + ", into " + results.root());
    unanswered.set(() -> {
      status.stopped(StopOnShutdown.REASON);
      listener.info(experiment.id() + ": stopped: " + StopOnShutdown.REASON + ", training did"
          + " not reach a step boundary within " + StopOnShutdown.GRACE.toSeconds() + " s; a rerun"
          + " resumes from the latest checkpoint in " + results.checkpoints());
      lock.close();
    });
    try {
      TrainingOutcome outcome = worker.engine().train(experiment, data, results, listener, stop);
      status.finished(outcome);
    } catch (TrainingDivergedException e) {
      String divergedAt = e.divergence().describe();
      status.diverged(divergedAt);
      throw new ExperimentDivergedException(ExperimentDivergedException.describe(experiment,
          divergedAt, results.root()) + ", or set -Dvgp.failOnDivergence=false to train the"
          + " other experiments anyway");
    } catch (TrainingStoppedException e) {
      status.stopped(e.getMessage());
      listener.info(String.format(Locale.ROOT, "%s: stopped in epoch %d at step %d of %d (%s);"
              + " %s", experiment.id(), e.epoch(), e.step(), e.steps(), e.getMessage(),
          e.lastCompletedEpoch() < 0 ? "no epoch was completed, a rerun starts from the first"
              : "a rerun resumes after epoch " + e.lastCompletedEpoch() + " from "
                  + results.checkpoints().resolve("latest")));
      throw e;
    } catch (RuntimeException e) {
      try {
        // an exception without a message (a bare NullPointerException) is named by its class
        status.failed(e.getMessage() != null ? e.getMessage() : e.toString());
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed); // a full disk fails both
      }
      throw e;
    }
  }

  /**
   * Moves the earlier results of {@code plan}'s directory aside, and says where; not the files of
   * the run under way: the plan, launch script and log that {@code vgp:train} writes before the
   * training process starts (the log is appended to, one header a start, so it keeps the history
   * of the directory), and those the plan keeps (a scheduler's job script, id and log, which it
   * writes while the job runs).
   */
  static void setAside(FrozenPlan plan, RunListener listener) {
    List<PathMatcher> kept = plan.keep().stream()
        .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
    Predicate<String> underWay = name -> OWN.contains(name)
        || kept.stream().anyMatch(matcher -> matcher.matches(Path.of(name)));
    ResultsDirectory results = new ResultsDirectory(plan.resultsDirectory());
    SetAside.move(results, underWay).ifPresent(target -> listener.info(
        results.root().getFileName() + ": earlier results moved to " + target));
  }

  /**
   * "lr 0.001 (cosine to 0.00002), 100 epochs of batch 100, seed 0, augmented"; settings that
   * change the arithmetic (label smoothing, bfloat16) are named when on.
   */
  private static String describe(TrainingConfig t) {
    return "lr " + plain(t.learningRate()) + " (" + t.schedule().name().toLowerCase(Locale.ROOT)
        + (t.schedule() == LearningRateSchedule.COSINE ? " to " + plain(t.minLearningRate()) : "")
        + "), " + t.epochs() + " epochs of batch " + t.batchSize()
        + (t.trainLimit() > 0 ? " on " + t.trainLimit() + " images" : "")
        + (t.evalLimit() > 0 ? ", evaluated on " + t.evalLimit() + " images per set" : "")
        + ", seed " + t.seed()
        + (t.augment() ? ", augmented" : "")
        + (t.weightDecay() > 0 ? ", weight decay " + plain(t.weightDecay()) : "")
        + (t.labelSmoothing() > 0 ? ", label smoothing " + plain(t.labelSmoothing()) : "")
        + (t.bfloat16() ? ", in bfloat16" : "");
  }

  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
