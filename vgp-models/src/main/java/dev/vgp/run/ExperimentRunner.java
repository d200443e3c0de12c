package dev.vgp.run;

import dev.vgp.data.DataFetcher;
import dev.vgp.data.Dataset;
import dev.vgp.data.Datasets;
import dev.vgp.data.FetchListener;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.PreparedData;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.results.DamagedResultsException;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.theory.GradientFlowPrediction;
import dev.vgp.theory.InputStatistics;
import dev.vgp.train.Checkpoints;
import dev.vgp.train.GradientFlowProbe;
import dev.vgp.train.StopRequest;
import dev.vgp.train.Trainer;
import dev.vgp.train.TrainingDivergedException;
import dev.vgp.train.TrainingListener;
import dev.vgp.train.TrainingOutcome;
import dev.vgp.train.TrainingStoppedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs a plan: fetches the data, decides per experiment from the results already on disk whether
 * to train, resume or skip ({@link RunDecision}), checks that every experiment to train fits the
 * data, then trains them one after another, each into {@code <outputDirectory>/<id>/} with an
 * {@code experiment.json} that records what ran, on what and how it ended.
 *
 * <p>The data is read only when something needs training, so a rerun whose results are all up to
 * date costs a checksum lookup.
 *
 * <p>Each experiment is trained under its directory's {@link WriterLock}, taken by this process
 * (the one that trains) and held from the decision to the final status. The final status is one
 * of {@code finished}, {@code diverged} (the loss or a gradient became NaN) and
 * {@code interrupted} (a signal or a failure); a run killed outright stays {@code running} with a
 * lock whose process is gone. Nothing is ever deleted: results that are not continued are set
 * aside under a unique name in {@value #REPLACED}.
 */
public final class ExperimentRunner implements AutoCloseable {

  /** Trains one experiment: TensorFlow in production, a fake in tests of the orchestration. */
  public interface Engine {

    /**
     * @param stop polled between steps
     * @throws TrainingDivergedException when the loss or a gradient becomes NaN or infinite
     * @throws TrainingStoppedException when {@code stop} was requested
     */
    TrainingOutcome train(ExperimentDefinition experiment, Dataset data, ResultsDirectory results,
        TrainingListener listener, StopRequest stop);

    /** Versions of what computes, recorded in experiment.json, e.g. tensorflowVersion. */
    Map<String, String> versions();

    /** The engine of dev.vgp.train: {@link Trainer} on TensorFlow Java. */
    static Engine tensorFlow() {
      return new Engine() {
        @Override
        public TrainingOutcome train(ExperimentDefinition experiment, Dataset data,
            ResultsDirectory results, TrainingListener listener, StopRequest stop) {
          return new Trainer(experiment.model(), experiment.training(), data, results, listener,
              stop).run();
        }

        @Override
        public Map<String, String> versions() {
          return Map.of("tensorflowVersion", org.tensorflow.TensorFlow.version());
        }
      };
    }
  }

  /**
   * Runs a task of {@link ChildMain} in a process of its own and waits for it: what makes a
   * runner train each experiment in a training process rather than in this JVM.
   */
  public interface Launcher extends AutoCloseable {

    /**
     * Runs {@code task} on its file in {@code directory}, which also receives its log.
     *
     * @throws ChildProcessException when the process fails or is killed
     */
    void run(ChildTask task, Path directory);

    /** Ends the processes it started for its tasks. */
    @Override
    default void close() {}

    /**
     * Writes, beside the task's file in {@code directory}, what runs it without this process
     * ({@code launch.sh}), e.g. for a cluster job; {@link #run} writes it too. Nothing for a
     * launcher that has no such script.
     */
    default void prepare(ChildTask task, Path directory) {}
  }

  /** An experiment frozen into its results directory and why it needs training. */
  public record Frozen(FrozenPlan plan, RunDecision decision) {}

  /** Hears a run: fetch messages and progress, decisions, and training progress. */
  public interface Listener extends FetchListener, TrainingListener {
    @Override
    void info(String message);
  }

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

  /** Where results replaced by a changed configuration, damage or -Dvgp.force are kept. */
  public static final String REPLACED = ".replaced";
  private static final DateTimeFormatter SET_ASIDE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path outputDirectory;
  private final Options options;
  private final Engine engine;
  private final Launcher launcher;
  private final DataFetcher fetcher = new DataFetcher();
  private final LoadedData loaded = new LoadedData();

  /** @param outputDirectory holds one results directory per experiment, named by its id */
  public ExperimentRunner(Path outputDirectory, Options options, Engine engine) {
    this(outputDirectory, options, engine, null);
  }

  private ExperimentRunner(Path outputDirectory, Options options, Engine engine,
      Launcher launcher) {
    this.outputDirectory = outputDirectory;
    this.options = options;
    this.engine = engine;
    this.launcher = launcher;
  }

  /**
   * A runner that decides here and trains the experiments in a training process: each from its
   * {@link FrozenPlan}, written into its results directory, with TensorFlow's engine. The
   * launcher may train them all in one process, one after another; close the runner to end it.
   */
  public static ExperimentRunner inProcesses(Path outputDirectory, Options options,
      Launcher launcher) {
    return new ExperimentRunner(outputDirectory, options, Engine.tensorFlow(), launcher);
  }

  /** A runner with {@link Options#defaults()} but for {@code force}. */
  public ExperimentRunner(Path outputDirectory, boolean force, Engine engine) {
    this(outputDirectory, new Options(force, WriterLock.Policy.failFast(), true), engine);
  }

  /** Ends the training process of a runner made with {@link #inProcesses}, if one was started. */
  @Override
  public void close() {
    if (launcher != null) launcher.close();
  }

  public ResultsDirectory resultsOf(ExperimentDefinition experiment) {
    return new ResultsDirectory(outputDirectory.resolve(experiment.id()));
  }

  /**
   * Trains every experiment of the plan that is not up to date.
   *
   * @throws InvalidExperimentsException when an experiment to train does not fit the data;
   *     nothing is trained then
   * @throws WriterLock.HeldException when another live run writes an experiment to train (and
   *     the lock policy says not to wait); checked for all before any trains
   * @throws ExperimentDivergedException when an experiment diverged and the options say to fail
   * @throws TrainingStoppedException when the JVM shut down during training
   */
  public List<Outcome> run(ExperimentPlan plan, FetchRequest dataRequest, Listener listener) {
    PreparedData prepared = fetcher.fetch(dataRequest, listener);
    String vgpVersion = VgpVersion.current();
    List<Outcome> outcomes = new ArrayList<>();
    List<Decided> toTrain = new ArrayList<>();
    for (ExperimentDefinition experiment : plan.experiments()) {
      FrozenPlan frozen = new FrozenPlan(experiment, prepared, vgpVersion, outputDirectory);
      Decided decided = decide(frozen, options.force());
      RunDecision.Action action = decided.decision().action();
      // A training process decides again and says so: to train or to resume.
      if (launcher == null || action == RunDecision.Action.SKIP
          || action == RunDecision.Action.RESTART) {
        listener.info(describe(decided));
      }
      if (action == RunDecision.Action.SKIP) {
        outcomes.add(new Outcome(experiment, decided.decision(), Optional.empty(),
            Optional.empty()));
      } else {
        toTrain.add(decided);
      }
    }
    if (toTrain.isEmpty()) return outcomes;
    // A second build on the same directory fails here, before loading data, not hours later.
    for (Decided d : toTrain) {
      WriterLock.requireFree(resultsOf(d.experiment()).root(), options.lockPolicy());
    }

    ExperimentPlan toCheck =
        new ExperimentPlan(toTrain.stream().map(Decided::experiment).toList());
    if (launcher != null) {
      // Each training process reads the data; here its size is enough to check them all.
      toCheck.requireFits(Datasets.trainImages(prepared));
      for (Decided d : toTrain) outcomes.add(launch(d, listener));
      return outcomes;
    }
    Dataset data = loaded.load(prepared, listener);
    toCheck.requireFits(data.train().count());
    for (Decided d : toTrain) outcomes.add(trainLocked(d, data, listener));
    return outcomes;
  }

  /**
   * What to do with an experiment given its results on disk: {@link RunDecision#decide}, after
   * checking that results it would skip or resume from are readable and, for a skip, agree, and
   * that a run to resume has an intact checkpoint, if it wrote any.
   */
  private RunDecision decide(ResultsDirectory results, ExperimentRecord planned, boolean force) {
    Optional<ExperimentRecord> earlier;
    try {
      earlier = results.readExperiment();
    } catch (DamagedResultsException e) {
      return RunDecision.damaged(e.getMessage());
    }
    RunDecision decision = RunDecision.decide(earlier, planned, force);
    if (decision.action() == RunDecision.Action.RESUME) {
      Optional<String> damage = Checkpoints.nothingToResumeFrom(results.checkpoints());
      if (damage.isPresent()) return RunDecision.damaged(damage.get());
    }
    if (decision.action() == RunDecision.Action.SKIP) {
      List<String> damage = results.damage(earlier.orElseThrow());
      if (!damage.isEmpty()) return RunDecision.damaged(String.join("; ", damage));
    }
    return decision;
  }

  /**
   * Trains one experiment under its lock. The decision is made again once the lock is held:
   * another run may have finished or changed the results since the first look.
   */
  private Outcome trainLocked(Decided first, Dataset data, Listener listener) {
    ExperimentDefinition experiment = first.experiment();
    ResultsDirectory results = resultsOf(experiment);
    StopRequest stop = new StopRequest();
    AtomicReference<Runnable> unanswered = new AtomicReference<>(() -> {});
    // Closed last, once the status is written and the lock released: until then a shutdown waits.
    try (StopOnShutdown onShutdown = new StopOnShutdown(experiment.id(), stop,
            () -> unanswered.get().run());
        WriterLock lock = WriterLock.acquire(results.root(), options.lockPolicy(),
            message -> listener.info(experiment.id() + ": " + message))) {
      lock.whenLost(stop::request);
      RunDecision decision = decide(results, first.planned(), options.force());
      if (!decision.equals(first.decision())) {
        listener.info(experiment.id() + ": now " + verb(decision.action()) + ", "
            + decision.reason());
      }
      if (decision.action() == RunDecision.Action.SKIP) {
        return new Outcome(experiment, decision, Optional.empty(), Optional.empty());
      }
      return train(new Decided(first.plan(), decision), data, lock, stop, unanswered, listener);
    }
  }

  /**
   * Trains one experiment from its frozen plan, in this JVM: what a training process runs. It
   * decides again from the results on disk, never forcing, so that a rerun of the same plan (a
   * requeued cluster job) resumes or finds it finished.
   *
   * @return empty when the experiment's results are already finished
   */
  public Optional<TrainingOutcome> train(FrozenPlan plan, Listener listener) {
    if (!plan.vgpVersion().equals(VgpVersion.current())) {
      throw new IllegalArgumentException(plan.file() + " was planned by vgp "
          + plan.vgpVersion() + " but this is vgp " + VgpVersion.current() + ", whose runs"
          + " carry another fingerprint: run vgp:train again, which plans it anew");
    }
    Decided decided = decide(plan, false);
    listener.info(describe(decided));
    if (decided.decision().action() == RunDecision.Action.SKIP) return Optional.empty();
    Dataset data = loaded.load(plan.data(), listener);
    new ExperimentPlan(List.of(plan.experiment())).requireFits(data.train().count());
    return trainLocked(decided, data, listener).training();
  }

  private Decided decide(FrozenPlan plan, boolean force) {
    return new Decided(plan, decide(resultsOf(plan.experiment()), plan.running(), force));
  }

  /** "vgg38-1e-3: resuming, an interrupted run with fingerprint ... is continued ...". */
  private static String describe(Decided d) {
    return d.experiment().id() + ": " + verb(d.decision().action()) + ", "
        + d.decision().reason();
  }

  /**
   * Plans without training: fetches and verifies the data, decides per experiment, and for each
   * one that is not up to date freezes its plan and launch script into its results directory
   * (setting earlier results aside first when they must go), for a scheduler to run them. Needs
   * a runner made with {@link #inProcesses}.
   *
   * @param dryRun leave earlier results that must go where they are, saying so: a dry run with
   *     {@code -Dvgp.force} moved every finished run aside and submitted nothing
   * @return the experiments that need training, in plan order; up-to-date ones are only logged
   */
  public List<Frozen> freeze(ExperimentPlan plan, FetchRequest dataRequest, boolean dryRun,
      Listener listener) {
    if (launcher == null) {
      throw new IllegalStateException("freezing plans needs a runner made with inProcesses");
    }
    PreparedData prepared = fetcher.fetch(dataRequest, listener);
    String vgpVersion = VgpVersion.current();
    List<Frozen> frozen = new ArrayList<>();
    for (ExperimentDefinition experiment : plan.experiments()) {
      FrozenPlan planned = new FrozenPlan(experiment, prepared, vgpVersion, outputDirectory);
      Decided decided = decide(planned, options.force());
      listener.info(describe(decided));
      if (decided.decision().action() == RunDecision.Action.SKIP) continue;
      writePlan(decided, !dryRun, listener);
      if (dryRun && decided.decision().action() == RunDecision.Action.RESTART) {
        listener.info(experiment.id() + ": dry run: its earlier results stay where they are; a"
            + " submission sets them aside");
      }
      launcher.prepare(ChildTask.TRAIN, planned.resultsDirectory());
      frozen.add(new Frozen(planned, decided.decision()));
    }
    return frozen;
  }

  /**
   * Sets earlier results aside when they must go, under the experiment's lock so that another
   * run's results are never moved from under it, then writes {@code plan.json}.
   */
  private void writePlan(Decided decided, boolean setAside, Listener listener) {
    ExperimentDefinition experiment = decided.experiment();
    ResultsDirectory results = resultsOf(experiment);
    try (WriterLock lock = WriterLock.acquire(results.root(), options.lockPolicy(),
        message -> listener.info(experiment.id() + ": " + message))) {
      if (setAside && decided.decision().action() == RunDecision.Action.RESTART) {
        setAside(results, listener);
      }
      PlanFiles.write(decided.plan(), decided.plan().file());
    }
  }

  /**
   * Trains in a process of its own: sets earlier results aside here when they must go (a
   * training process never forces, so it would resume them), freezes the plan into the results
   * directory and reads back what the process recorded.
   */
  private Outcome launch(Decided decided, Listener listener) {
    ExperimentDefinition experiment = decided.experiment();
    ResultsDirectory results = resultsOf(experiment);
    writePlan(decided, true, listener);
    try {
      launcher.run(ChildTask.TRAIN, results.root());
    } catch (ChildProcessException e) {
      // A diverged run ends its process with a failure; what that means is this run's option.
      Optional<ExperimentRecord> after = results.readExperiment();
      if (after.isPresent() && ExperimentRecord.DIVERGED.equals(after.get().status())) {
        return diverged(decided, after.get().environment().get("divergedAt"), listener);
      }
      throw e;
    }
    ExperimentRecord record = results.readExperiment().filter(ExperimentRecord::finished)
        .orElseThrow(() -> new IllegalStateException("the training process of "
            + experiment.id() + " ended well but left no finished "
            + ResultsDirectory.EXPERIMENT + " in " + results.root()));
    return new Outcome(experiment, decided.decision(), Optional.of(new TrainingOutcome(
        results.readSummary(), results.readTestSummary().orElseThrow(),
        Integer.parseInt(record.environment().getOrDefault("resumedAtEpoch", "-1")),
        record.environment().get("device"))), Optional.empty());
  }

  /** An experiment to train, as planned, and why it trains. */
  private record Decided(FrozenPlan plan, RunDecision decision) {

    ExperimentDefinition experiment() {
      return plan.experiment();
    }

    /** The record it will write. */
    ExperimentRecord planned() {
      return plan.running();
    }
  }

  /**
   * @param unanswered set to what a shutdown hook does when training does not stop in time:
   *     write the status interrupted, say so, release the lock
   */
  private Outcome train(Decided decided, Dataset data, WriterLock lock, StopRequest stop,
      AtomicReference<Runnable> unanswered, Listener listener) {
    ExperimentDefinition experiment = decided.experiment();
    RunDecision decision = decided.decision();
    ResultsDirectory results = resultsOf(experiment);
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("javaVersion", System.getProperty("java.version"));
    environment.putAll(engine.versions());
    environment.put("startedAt", Instant.now().toString());
    switch (decision.action()) {
      // Files without an experiment.json are of unknown origin: resuming from their checkpoints
      // could continue another configuration's run, but they are kept.
      case TRAIN, RESTART -> setAside(results, listener);
      case RESUME -> results.readExperiment()
          .map(earlier -> earlier.environment().get("startedAt"))
          .ifPresent(firstStart -> {
            environment.put("resumedAt", environment.get("startedAt"));
            environment.put("startedAt", firstStart);
          });
      case SKIP -> throw new IllegalStateException("a skipped experiment is not trained");
    }
    FinalStatus status = new FinalStatus(results, lock,
        decided.planned().withStatus(ExperimentRecord.RUNNING, environment));
    results.writeExperiment(status.running);
    listener.info(experiment.id() + ": training " + experiment.model().describe() + ", "
        + describe(experiment.training()) + ", into " + results.root());
    unanswered.set(() -> {
      status.write(ExperimentRecord.INTERRUPTED, Map.of("stoppedBy", StopOnShutdown.REASON));
      listener.info(experiment.id() + ": stopped: " + StopOnShutdown.REASON + ", training did"
          + " not reach a step boundary within " + StopOnShutdown.GRACE.toSeconds() + " s; a rerun"
          + " resumes from the latest checkpoint in " + results.checkpoints());
      lock.close();
    });
    try {
      TrainingOutcome outcome = engine.train(experiment, data, results, listener, stop);
      status.write(ExperimentRecord.FINISHED, Map.of(
          "device", outcome.device(),
          "resumedAtEpoch", Integer.toString(outcome.resumedAtEpoch()),
          "finishedAt", Instant.now().toString()));
      return new Outcome(experiment, decision, Optional.of(outcome), Optional.empty());
    } catch (TrainingDivergedException e) {
      String divergedAt = e.divergence().describe();
      status.write(ExperimentRecord.DIVERGED, Map.of(
          "divergedAt", divergedAt,
          "finishedAt", Instant.now().toString()));
      return diverged(decided, divergedAt, listener);
    } catch (TrainingStoppedException e) {
      status.write(ExperimentRecord.INTERRUPTED, Map.of("stoppedBy", e.getMessage(),
          "stoppedAt", Instant.now().toString()));
      listener.info(String.format(Locale.ROOT, "%s: stopped in epoch %d at step %d of %d (%s);"
              + " %s", experiment.id(), e.epoch(), e.step(), e.steps(), e.getMessage(),
          e.lastCompletedEpoch() < 0 ? "no epoch was completed, a rerun starts from the first"
              : "a rerun resumes after epoch " + e.lastCompletedEpoch() + " from "
                  + results.checkpoints().resolve("latest")));
      throw e;
    } catch (RuntimeException e) {
      try {
        status.write(ExperimentRecord.INTERRUPTED, Map.of("stoppedBy", "failure: "
            + e.getMessage()));
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed); // a full disk fails both
      }
      throw e;
    }
  }

  /**
   * A diverged run, recorded as such: fails the run, or, with {@link Options#failOnDivergence()}
   * off, says so and lets the other experiments train.
   *
   * @param divergedAt where, as experiment.json records it ("in epoch 3 at step 12: loss NaN...")
   */
  private Outcome diverged(Decided decided, String divergedAt, Listener listener) {
    ExperimentDefinition experiment = decided.experiment();
    String diverged = experiment.id() + " diverged " + divergedAt + ". Its rows and checkpoints"
        + " up to there are kept in " + resultsOf(experiment).root() + " (status diverged). Lower"
        + " its learningRate (" + plain(experiment.training().learningRate()) + ")";
    if (options.failOnDivergence()) {
      throw new ExperimentDivergedException(diverged + ", or set -Dvgp.failOnDivergence=false"
          + " to train the other experiments anyway");
    }
    listener.info("WARNING: " + diverged + "; vgp.failOnDivergence is false: going on with the"
        + " other experiments");
    return new Outcome(experiment, decided.decision(), Optional.empty(), Optional.of(divergedAt));
  }

  /**
   * The final status of a run in experiment.json, written once: by the training thread, or by
   * the shutdown hook when training did not stop in time; and not at all once another run took
   * the lock over, whose directory it now is.
   */
  private static final class FinalStatus {
    private final ResultsDirectory results;
    private final WriterLock lock;
    private final ExperimentRecord running;
    private boolean written;

    FinalStatus(ResultsDirectory results, WriterLock lock, ExperimentRecord running) {
      this.results = results;
      this.lock = lock;
      this.running = running;
    }

    synchronized void write(String status, Map<String, String> moreEnvironment) {
      if (written || lock.lost()) return;
      results.writeExperiment(running.withStatus(status, moreEnvironment));
      written = true;
    }
  }

  /**
   * Measures every experiment's gradient flow at initialisation on a few training batches, without
   * training, and records it as epoch -1 of its {@code gradient_flow.csv} (replacing an earlier
   * measurement at initialisation, keeping the epochs of training).
   */
  public void measureAtInitialisation(ExperimentPlan plan, FetchRequest dataRequest, int batches,
      Listener listener) {
    PreparedData prepared = fetcher.fetch(dataRequest, listener);
    String vgpVersion = VgpVersion.current();
    List<FrozenPlan> plans = plan.experiments().stream()
        .map(e -> new FrozenPlan(e, prepared, vgpVersion, outputDirectory)).toList();
    if (launcher == null) {
      measureAtInitialisation(plans, batches, listener);
    } else {
      PlanFiles.write(new PlanFiles.AtInitialisation(plans, batches),
          outputDirectory.resolve(ChildTask.AT_INITIALISATION.file()));
      launcher.run(ChildTask.AT_INITIALISATION, outputDirectory);
    }
  }

  /**
   * As above, on data already fetched: what a training process runs. Beside each measurement it
   * records the gradient flow that mean-field propagation predicts (dev.vgp.theory).
   */
  public void measureAtInitialisation(List<FrozenPlan> plans, int batches, Listener listener) {
    if (plans.isEmpty()) return;
    Dataset data = loaded.load(plans.get(0).data(), listener);
    new ExperimentPlan(plans.stream().map(FrozenPlan::experiment).toList())
        .requireFits(data.train().count());
    InputStatistics input = DepthSweep.inputStatistics(data);
    for (ExperimentDefinition experiment : plans.stream().map(FrozenPlan::experiment).toList()) {
      listener.info(experiment.id() + ": measuring the gradient flow at initialisation on "
          + batches + " batches of " + experiment.training().batchSize());
      List<GradientFlowRecord> atInit = new ArrayList<>(GradientFlowProbe.atInitialisation(
          experiment.model(), experiment.training(), data, batches));
      double[] predicted = GradientFlowPrediction.of(experiment.model(),
          experiment.training().batchSize(), input).meanAbsGradient();
      List<String> layers = experiment.model().gradientLayerLabels();
      for (int i = 0; i < predicted.length; i++) {
        atInit.add(new GradientFlowRecord(GradientFlowProbe.AT_INITIALISATION, i, layers.get(i),
            GradientStatistic.PREDICTED_MEAN_ABS, predicted[i]));
      }
      ResultsDirectory results = resultsOf(experiment);
      // merging into gradient_flow.csv writes it: not while a training run does
      try (WriterLock lock = WriterLock.acquire(results.root(), options.lockPolicy(),
          message -> listener.info(experiment.id() + ": " + message))) {
        List<GradientFlowRecord> merged = new ArrayList<>(atInit);
        results.readGradientFlow().stream().filter(r -> r.epoch() >= 0).forEach(merged::add);
        results.writeGradientFlow(merged);
      }
    }
  }

  /**
   * Sweeps the depth of the study's variants at initialisation on the requested data
   * ({@link DepthSweep}) and writes {@code csv}; in a training process when this runner has one.
   */
  public void depthSweep(FetchRequest dataRequest, DepthSweep.Plan sweep, Path csv,
      Listener listener) {
    PreparedData prepared = fetcher.fetch(dataRequest, listener);
    if (launcher == null) {
      depthSweep(prepared, sweep, csv, listener);
    } else {
      PlanFiles.write(new PlanFiles.DepthSweep(prepared, sweep, csv),
          outputDirectory.resolve(ChildTask.DEPTH_SWEEP.file()));
      launcher.run(ChildTask.DEPTH_SWEEP, outputDirectory);
    }
  }

  /** As above, on data already fetched: what a training process runs. */
  public void depthSweep(PreparedData prepared, DepthSweep.Plan sweep, Path csv,
      Listener listener) {
    Dataset data = loaded.load(prepared, listener);
    DepthSweepRow.write(csv, DepthSweep.measure(data, sweep, listener::info));
    listener.info("Wrote " + csv);
  }

  /** "lr 0.001 (cosine to 0.00002), 100 epochs of batch 100, seed 0, augmented". */
  private static String describe(TrainingConfig t) {
    return "lr " + plain(t.learningRate()) + " (" + t.schedule().name().toLowerCase(Locale.ROOT)
        + (t.schedule() == LearningRateSchedule.COSINE ? " to " + plain(t.minLearningRate()) : "")
        + "), " + t.epochs() + " epochs of batch " + t.batchSize()
        + (t.trainLimit() > 0 ? " on " + t.trainLimit() + " images" : "")
        + (t.evalLimit() > 0 ? ", evaluated on " + t.evalLimit() + " images per set" : "")
        + ", seed " + t.seed()
        + (t.augment() ? ", augmented" : "")
        + (t.weightDecay() > 0 ? ", weight decay " + plain(t.weightDecay()) : "");
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String verb(RunDecision.Action action) {
    return switch (action) {
      case TRAIN -> "training";
      case RESUME -> "resuming";
      case SKIP -> "skipping";
      case RESTART -> "training again";
    };
  }

  /**
   * Moves whatever an experiment's directory holds (but its lock) out of the way, to a new
   * {@code .replaced/<id>-<fingerprint>-<UTC time>} next to it, rather than deleting it: a
   * mistyped {@code -Dvgp.epochs} must not cost a finished two-day run, nor a second set-aside of
   * the same configuration the first. Report inputs never look into the hidden folder.
   * {@code experiment.json} moves last, so a kill halfway leaves a directory a rerun sets aside
   * again rather than files that look like no run at all.
   */
  private void setAside(ResultsDirectory results, Listener listener) {
    List<Path> entries = contents(results.root());
    if (entries.isEmpty()) return;
    String fingerprint;
    try {
      fingerprint = results.readExperiment().map(r -> r.fingerprint().substring(0, 12))
          .orElse("unknown");
    } catch (DamagedResultsException e) {
      fingerprint = "damaged";
    }
    String name = results.root().getFileName() + "-" + fingerprint + "-"
        + SET_ASIDE_TIME.format(Instant.now());
    Path target = outputDirectory.resolve(REPLACED).resolve(name);
    try {
      Files.createDirectories(target.getParent());
      for (int n = 2; ; n++) {
        try {
          Files.createDirectory(target);
          break;
        } catch (FileAlreadyExistsException taken) {
          target = target.resolveSibling(name + "-" + n);
        }
      }
      Path record = results.file(ResultsDirectory.EXPERIMENT);
      for (Path entry : entries) {
        if (!entry.equals(record)) Files.move(entry, target.resolve(entry.getFileName()));
      }
      if (entries.contains(record)) Files.move(record, target.resolve(record.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not move the earlier results in " + results.root()
          + " aside to " + target + ": " + e.getMessage(), e);
    }
    listener.info(results.root().getFileName() + ": earlier results moved to " + target);
  }

  /**
   * The files of the run under way, never set aside: its lock, and the plan, launch script and
   * log that {@code vgp:train} writes before the training process starts (the log is appended
   * to, one header a start, so it keeps the history of the directory), and a cluster job's
   * {@code slurm*} script, job id and log, which Slurm writes while the job runs.
   */
  private static final Set<String> CURRENT_RUN = Set.of(WriterLock.FILE, FrozenPlan.FILE,
      ChildTask.LAUNCH_SCRIPT, ChildTask.TRAIN.log());

  /** The entries of a results directory but the run under way's; none when it does not exist. */
  private static List<Path> contents(Path directory) {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(p -> {
        String name = p.getFileName().toString();
        return !CURRENT_RUN.contains(name) && !name.startsWith("." + WriterLock.FILE)
            && !name.startsWith("slurm");
      }).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
  }
}
