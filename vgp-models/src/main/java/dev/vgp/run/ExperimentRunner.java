package dev.vgp.run;

import dev.vgp.data.DataFetcher;
import dev.vgp.data.Datasets;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.PreparedData;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.SetAside;
import dev.vgp.train.TrainingOutcome;
import dev.vgp.train.TrainingStoppedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a plan: fetches the data, decides per experiment from the results already on disk whether
 * to train, resume or skip ({@link RunDecision}), checks that every experiment to train fits the
 * data, then freezes each one to train into its results directory ({@code plan.json}) and has the
 * {@link Launcher} train it, in a training process or in this JVM ({@link ExperimentTraining}),
 * into {@code <outputDirectory>/<id>/} with an {@code experiment.json} that records what ran, on
 * what and how it ended. Given several launchers, it trains as many experiments at once
 * ({@link ExperimentQueue}).
 *
 * <p>The data is read only where something trains, so a rerun whose results are all up to date
 * costs a checksum lookup. Nothing is ever deleted: results that are not continued are set aside
 * ({@link SetAside}).
 */
public final class ExperimentRunner implements AutoCloseable {

  /** An experiment frozen into its results directory and why it needs training. */
  public record Frozen(FrozenPlan plan, RunDecision decision) {}

  /**
   * What happened to one experiment of the plan: skipped (no training), trained, or diverged
   * (when {@link Options#failOnDivergence()} is off).
   */
  public record Outcome(ExperimentDefinition experiment, RunDecision decision,
      Optional<TrainingOutcome> training, Optional<String> divergedAt) {}

  /**
   * How a run treats earlier results, other runs and diverging experiments.
   *
   * @param force set finished results aside even when up to date ({@code -Dvgp.force})
   * @param lockPolicy whether to wait for another run's lock, and when a lock is stale
   * @param failOnDivergence stop at the first diverged experiment rather than train the others
   */
  public record Options(boolean force, WriterLock.Policy lockPolicy, boolean failOnDivergence) {
    public static Options defaults() {
      return new Options(false, WriterLock.Policy.failFast(), true);
    }
  }

  private final Path outputDirectory;
  private final Options options;
  private final List<Launcher> launchers;
  private final DataFetcher fetcher = new DataFetcher();

  /**
   * @param outputDirectory holds one results directory per experiment, named by its id
   * @param launcher trains each experiment; it may train them all in one process, one after
   *     another: close the runner to end it
   */
  public ExperimentRunner(Path outputDirectory, Options options, Launcher launcher) {
    this(outputDirectory, options, List.of(launcher));
  }

  /**
   * @param launchers train the experiments of {@link #run} at once, each taking the next when it
   *     is free (e.g. {@link ChildLauncher#several}); {@code listener}s then hear from as many
   *     threads. The first also plans, measures at initialisation and sweeps depths.
   */
  public ExperimentRunner(Path outputDirectory, Options options, List<Launcher> launchers) {
    if (launchers.isEmpty()) throw new IllegalArgumentException("no launcher");
    this.outputDirectory = outputDirectory;
    this.options = options;
    this.launchers = List.copyOf(launchers);
  }

  /** Ends the launchers' training processes, if they started any. */
  @Override
  public void close() {
    launchers.forEach(Launcher::close);
  }

  public ResultsDirectory resultsOf(ExperimentDefinition experiment) {
    return new ResultsDirectory(outputDirectory.resolve(experiment.id()));
  }

  /**
   * Trains every experiment of the plan that is not up to date.
   *
   * @throws dev.vgp.plan.InvalidExperimentsException when an experiment to train does not fit
   *     the data; nothing is trained then
   * @throws WriterLock.HeldException when another live run writes an experiment to train (and
   *     the lock policy says not to wait); checked for all before any trains
   * @throws ExperimentDivergedException when an experiment diverged and the options say to fail
   * @throws TrainingStoppedException when the JVM shut down during training
   * @throws ChildProcessException when a training process failed
   * @throws ExperimentsFailedException when several experiments training at once failed; a
   *     failure starts no further experiment, but lets those under way end
   */
  public List<Outcome> run(ExperimentPlan plan, FetchRequest dataRequest, RunListener listener) {
    PreparedData prepared = fetcher.fetch(dataRequest, listener);
    List<Outcome> outcomes = new ArrayList<>();
    List<Frozen> toTrain = new ArrayList<>();
    for (Frozen frozen : decide(plan, prepared, List.of())) {
      RunDecision.Action action = frozen.decision().action();
      // what trains decides again and says so: to train or to resume
      if (action == RunDecision.Action.SKIP || action == RunDecision.Action.RESTART) {
        listener.info(frozen.decision().describe(frozen.plan().experiment().id()));
      }
      if (action == RunDecision.Action.SKIP) {
        outcomes.add(new Outcome(frozen.plan().experiment(), frozen.decision(), Optional.empty(),
            Optional.empty()));
      } else {
        toTrain.add(frozen);
      }
    }
    if (toTrain.isEmpty()) return outcomes;
    // A second build on the same directory fails here, before loading data, not hours later.
    for (Frozen f : toTrain) {
      WriterLock.requireFree(f.plan().resultsDirectory(), options.lockPolicy());
    }
    // What trains reads the data; here its size is enough to check them all at once.
    new ExperimentPlan(toTrain.stream().map(f -> f.plan().experiment()).toList())
        .requireFits(Datasets.trainImages(prepared));
    outcomes.addAll(ExperimentQueue.train(toTrain, launchers,
        (launcher, frozen) -> launch(frozen, launcher, listener)));
    return outcomes;
  }

  /**
   * Plans without training: fetches and verifies the data, decides per experiment, and for each
   * one that is not up to date freezes its plan and launch script into its results directory
   * (setting earlier results aside first when they must go), for a scheduler to run them.
   *
   * @param dryRun leave earlier results that must go where they are, saying so: a dry run with
   *     {@code -Dvgp.force} moved every finished run aside and submitted nothing
   * @param keep the scheduler's files of a job under way, which each plan keeps
   *     ({@link FrozenPlan#keep})
   * @return the experiments that need training, in plan order; up-to-date ones are only logged
   */
  public List<Frozen> freeze(ExperimentPlan plan, FetchRequest dataRequest, boolean dryRun,
      List<String> keep, RunListener listener) {
    List<Frozen> frozen = new ArrayList<>();
    for (Frozen f : decide(plan, fetcher.fetch(dataRequest, listener), keep)) {
      String id = f.plan().experiment().id();
      listener.info(f.decision().describe(id));
      if (f.decision().action() == RunDecision.Action.SKIP) continue;
      boolean restart = f.decision().action() == RunDecision.Action.RESTART;
      underLock(f, !dryRun && restart, listener,
          () -> launchers.get(0).prepare(f.plan(), f.plan().resultsDirectory()));
      if (dryRun && restart) {
        listener.info(id + ": dry run: its earlier results stay where they are; a submission"
            + " sets them aside");
      }
      frozen.add(f);
    }
    return frozen;
  }

  /**
   * Measures every experiment's gradient flow at initialisation on a few training batches,
   * without training ({@link AtInitialisationPlan}).
   */
  public void measureAtInitialisation(ExperimentPlan plan, FetchRequest dataRequest, int batches,
      RunListener listener) {
    PreparedData prepared = fetcher.fetch(dataRequest, listener);
    launchers.get(0).run(new AtInitialisationPlan(plan.experiments().stream()
        .map(e -> freeze(e, prepared, List.of())).toList(), batches), outputDirectory);
  }

  /**
   * Sweeps the depth of the study's variants at initialisation on the requested data
   * ({@link DepthSweepPlan}) and writes {@code csv}.
   */
  public void depthSweep(FetchRequest dataRequest, DepthSweep.Plan sweep, Path csv,
      RunListener listener) {
    launchers.get(0).run(new DepthSweepPlan(fetcher.fetch(dataRequest, listener), sweep, csv),
        outputDirectory);
  }

  /** Each experiment of the plan frozen on the prepared data, and what to do with it. */
  private List<Frozen> decide(ExperimentPlan plan, PreparedData prepared, List<String> keep) {
    return plan.experiments().stream().map(e -> freeze(e, prepared, keep)).map(frozen ->
        new Frozen(frozen, RunDecision.of(resultsOf(frozen.experiment()), frozen.running(),
            options.force()))).toList();
  }

  private FrozenPlan freeze(ExperimentDefinition experiment, PreparedData prepared,
      List<String> keep) {
    return new FrozenPlan(experiment, prepared, VgpVersion.current(), outputDirectory, keep);
  }

  /**
   * Takes the experiment's lock, sets its earlier results aside if {@code setAside} (here: what
   * trains never forces, so it would resume them) and runs {@code thenUnderLock}: under the lock
   * so that another run's results and plan are never replaced from under it.
   */
  private void underLock(Frozen frozen, boolean setAside, RunListener listener,
      Runnable thenUnderLock) {
    try (WriterLock lock = WriterLock.acquire(frozen.plan().resultsDirectory(),
        options.lockPolicy(), listener.withPrefix(frozen.plan().experiment().id() + ": "))) {
      if (setAside) ExperimentTraining.setAside(frozen.plan(), listener);
      thenUnderLock.run();
    }
  }

  /** Trains one experiment through {@code launcher} and reads back what it recorded. */
  private Outcome launch(Frozen frozen, Launcher launcher, RunListener listener) {
    ExperimentDefinition experiment = frozen.plan().experiment();
    ResultsDirectory results = resultsOf(experiment);
    underLock(frozen, frozen.decision().action() == RunDecision.Action.RESTART, listener,
        () -> {});
    try {
      launcher.run(frozen.plan(), results.root());
    } catch (RuntimeException e) {
      // A diverged run ends its task with a failure; what that means is this run's option.
      Optional<ExperimentRecord> after = results.readExperiment();
      if (after.isPresent() && after.get().status() == ExperimentRecord.Status.DIVERGED) {
        return diverged(frozen, after.get().environment().divergedAt().orElse(""), listener);
      }
      throw e;
    }
    ExperimentRecord record = results.readExperiment().filter(ExperimentRecord::finished)
        .orElseThrow(() -> new IllegalStateException("the training of " + experiment.id()
            + " ended well but left no finished " + ResultsDirectory.EXPERIMENT + " in "
            + results.root()));
    return new Outcome(experiment, frozen.decision(), Optional.of(new TrainingOutcome(
        results.readSummary(), results.readTestSummary().orElseThrow(),
        record.environment().resumedAtEpoch().orElse(-1),
        record.environment().device().orElse("an unrecorded device"))), Optional.empty());
  }

  /**
   * A diverged run, recorded as such: fails the run, or, with {@link Options#failOnDivergence()}
   * off, says so and lets the other experiments train.
   */
  private Outcome diverged(Frozen frozen, String divergedAt, RunListener listener) {
    ExperimentDefinition experiment = frozen.plan().experiment();
    String diverged = ExperimentDivergedException.describe(experiment, divergedAt,
        resultsOf(experiment).root());
    if (options.failOnDivergence()) {
      throw new ExperimentDivergedException(diverged + ", or set -Dvgp.failOnDivergence=false"
          + " to train the other experiments anyway");
    }
    listener.warn(diverged + "; vgp.failOnDivergence is false: going on with the other"
        + " experiments");
    return new Outcome(experiment, frozen.decision(), Optional.empty(), Optional.of(divergedAt));
  }
}
