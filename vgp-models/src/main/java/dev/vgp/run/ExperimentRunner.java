package dev.vgp.run;

import dev.vgp.data.DataFetcher;
import dev.vgp.data.Dataset;
import dev.vgp.data.Datasets;
import dev.vgp.data.FetchListener;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.PreparedData;
import dev.vgp.files.AtomicFiles;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.train.GradientFlowProbe;
import dev.vgp.train.Trainer;
import dev.vgp.train.TrainingListener;
import dev.vgp.train.TrainingOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a plan: fetches the data, decides per experiment from the results already on disk whether
 * to train, resume or skip ({@link RunDecision}), checks that every experiment to train fits the
 * data, then trains them one after another, each into {@code <outputDirectory>/<id>/} with an
 * {@code experiment.json} that records what ran, on what and how it ended.
 *
 * <p>The data is read only when something needs training, so a rerun whose results are all up to
 * date costs a checksum lookup.
 */
public final class ExperimentRunner {

  /** Trains one experiment: TensorFlow in production, a fake in tests of the orchestration. */
  public interface Engine {

    TrainingOutcome train(ExperimentDefinition experiment, Dataset data, ResultsDirectory results,
        TrainingListener listener);

    /** Versions of what computes, recorded in experiment.json, e.g. tensorflowVersion. */
    Map<String, String> versions();

    /** The engine of dev.vgp.train: {@link Trainer} on TensorFlow Java. */
    static Engine tensorFlow() {
      return new Engine() {
        @Override
        public TrainingOutcome train(ExperimentDefinition experiment, Dataset data,
            ResultsDirectory results, TrainingListener listener) {
          return new Trainer(experiment.model(), experiment.training(), data, results, listener)
              .run();
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
  public interface Launcher {

    /**
     * Runs {@code task} on its file in {@code directory}, which also receives its log.
     *
     * @throws ChildProcessException when the process fails or is killed
     */
    void run(ChildTask task, Path directory);
  }

  /** Hears a run: fetch messages and progress, decisions, and training progress. */
  public interface Listener extends FetchListener, TrainingListener {
    @Override
    void info(String message);
  }

  /** What happened to one experiment of the plan. */
  public record Outcome(ExperimentDefinition experiment, RunDecision decision,
      Optional<TrainingOutcome> training) {}

  /** Where results replaced by a changed configuration or -Dvgp.force are kept. */
  public static final String REPLACED = ".replaced";

  private final Path outputDirectory;
  private final boolean force;
  private final Engine engine;
  private final Launcher launcher;
  private final DataFetcher fetcher = new DataFetcher();

  /**
   * @param outputDirectory holds one results directory per experiment, named by its id
   * @param force discard finished results even when up to date ({@code -Dvgp.force})
   */
  public ExperimentRunner(Path outputDirectory, boolean force, Engine engine) {
    this(outputDirectory, force, engine, null);
  }

  private ExperimentRunner(Path outputDirectory, boolean force, Engine engine,
      Launcher launcher) {
    this.outputDirectory = outputDirectory;
    this.force = force;
    this.engine = engine;
    this.launcher = launcher;
  }

  /**
   * A runner that decides here and trains each experiment in a process of its own: from its
   * {@link FrozenPlan}, written into its results directory, with TensorFlow's engine.
   */
  public static ExperimentRunner inProcesses(Path outputDirectory, boolean force,
      Launcher launcher) {
    return new ExperimentRunner(outputDirectory, force, Engine.tensorFlow(), launcher);
  }

  public ResultsDirectory resultsOf(ExperimentDefinition experiment) {
    return new ResultsDirectory(outputDirectory.resolve(experiment.id()));
  }

  /**
   * Trains every experiment of the plan that is not up to date.
   *
   * @throws InvalidExperimentsException when an experiment to train does not fit the data;
   *     nothing is trained then
   */
  public List<Outcome> run(ExperimentPlan plan, FetchRequest dataRequest, Listener listener) {
    PreparedData prepared = fetcher.fetch(dataRequest, listener);
    String vgpVersion = VgpVersion.current();
    List<Outcome> outcomes = new ArrayList<>();
    List<Decided> toTrain = new ArrayList<>();
    for (ExperimentDefinition experiment : plan.experiments()) {
      FrozenPlan frozen = new FrozenPlan(experiment, prepared, vgpVersion, outputDirectory);
      Decided decided = decide(frozen, force);
      RunDecision.Action action = decided.decision().action();
      // A training process decides again and says so: to train or to resume.
      if (launcher == null || action == RunDecision.Action.SKIP
          || action == RunDecision.Action.RESTART) {
        listener.info(describe(decided));
      }
      if (action == RunDecision.Action.SKIP) {
        outcomes.add(new Outcome(experiment, decided.decision(), Optional.empty()));
      } else {
        toTrain.add(decided);
      }
    }
    if (toTrain.isEmpty()) return outcomes;

    ExperimentPlan toCheck =
        new ExperimentPlan(toTrain.stream().map(Decided::experiment).toList());
    if (launcher != null) {
      // Each training process reads the data; here its size is enough to check them all.
      toCheck.requireFits(Datasets.trainImages(prepared));
      for (Decided d : toTrain) {
        TrainingOutcome trained = launch(d, listener);
        outcomes.add(new Outcome(d.experiment(), d.decision(), Optional.of(trained)));
      }
      return outcomes;
    }
    Dataset data = Datasets.load(prepared, listener);
    toCheck.requireFits(data.train().count());
    for (Decided d : toTrain) {
      TrainingOutcome trained = train(d, data, listener);
      outcomes.add(new Outcome(d.experiment(), d.decision(), Optional.of(trained)));
    }
    return outcomes;
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
    Dataset data = Datasets.load(plan.data(), listener);
    new ExperimentPlan(List.of(plan.experiment())).requireFits(data.train().count());
    return Optional.of(train(decided, data, listener));
  }

  private Decided decide(FrozenPlan plan, boolean force) {
    return new Decided(plan, RunDecision.decide(resultsOf(plan.experiment()).readExperiment(),
        plan.running(), force));
  }

  /** "vgg38-1e-3: resuming, an interrupted run with fingerprint ... is continued ...". */
  private static String describe(Decided d) {
    return d.experiment().id() + ": " + verb(d.decision().action()) + ", "
        + d.decision().reason();
  }

  /**
   * Trains in a process of its own: sets earlier results aside here when they must go (a
   * training process never forces, so it would resume them), freezes the plan into the results
   * directory and reads back what the process recorded.
   */
  private TrainingOutcome launch(Decided decided, Listener listener) {
    ResultsDirectory results = resultsOf(decided.experiment());
    if (decided.decision().action() == RunDecision.Action.RESTART) setAside(results, listener);
    PlanFiles.write(decided.plan(), decided.plan().file());
    launcher.run(ChildTask.TRAIN, results.root());
    ExperimentRecord record = results.readExperiment().filter(ExperimentRecord::finished)
        .orElseThrow(() -> new IllegalStateException("the training process of "
            + decided.experiment().id() + " ended well but left no finished "
            + ResultsDirectory.EXPERIMENT + " in " + results.root()));
    return new TrainingOutcome(results.readSummary(), results.readTestSummary().orElseThrow(),
        Integer.parseInt(record.environment().getOrDefault("resumedAtEpoch", "-1")),
        record.environment().get("device"));
  }

  /** An experiment to train, as planned, and why it trains. */
  private record Decided(FrozenPlan plan, RunDecision decision) {

    ExperimentDefinition experiment() {
      return plan.experiment();
    }
  }

  private TrainingOutcome train(Decided decided, Dataset data, Listener listener) {
    ExperimentDefinition experiment = decided.experiment();
    ResultsDirectory results = resultsOf(experiment);
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("javaVersion", System.getProperty("java.version"));
    environment.putAll(engine.versions());
    environment.put("startedAt", Instant.now().toString());
    switch (decided.decision().action()) {
      case RESTART -> setAside(results, listener);
      // Checkpoints without an experiment.json are of unknown origin: resuming from them could
      // continue another configuration's run.
      case TRAIN -> deleteRecursively(results.checkpoints());
      case RESUME -> results.readExperiment()
          .map(earlier -> earlier.environment().get("startedAt"))
          .ifPresent(firstStart -> {
            environment.put("resumedAt", environment.get("startedAt"));
            environment.put("startedAt", firstStart);
          });
      case SKIP -> throw new IllegalStateException("a skipped experiment is not trained");
    }
    ExperimentRecord running =
        decided.plan().running().withStatus(ExperimentRecord.RUNNING, environment);
    results.writeExperiment(running);
    listener.info(experiment.id() + ": training " + experiment.model().describe() + ", "
        + describe(experiment.training()) + ", into " + results.root());
    TrainingOutcome outcome = engine.train(experiment, data, results, listener);
    results.writeExperiment(running.withStatus(ExperimentRecord.FINISHED, Map.of(
        "device", outcome.device(),
        "resumedAtEpoch", Integer.toString(outcome.resumedAtEpoch()),
        "finishedAt", Instant.now().toString())));
    return outcome;
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

  /** As above, on data already fetched: what a training process runs. */
  public void measureAtInitialisation(List<FrozenPlan> plans, int batches, Listener listener) {
    if (plans.isEmpty()) return;
    Dataset data = Datasets.load(plans.get(0).data(), listener);
    new ExperimentPlan(plans.stream().map(FrozenPlan::experiment).toList())
        .requireFits(data.train().count());
    for (ExperimentDefinition experiment : plans.stream().map(FrozenPlan::experiment).toList()) {
      listener.info(experiment.id() + ": measuring the gradient flow at initialisation on "
          + batches + " batches of " + experiment.training().batchSize());
      List<GradientFlowRecord> atInit = GradientFlowProbe.atInitialisation(experiment.model(),
          experiment.training(), data, batches);
      ResultsDirectory results = resultsOf(experiment);
      List<GradientFlowRecord> merged = new ArrayList<>(atInit);
      results.readGradientFlow().stream().filter(r -> r.epoch() >= 0).forEach(merged::add);
      results.writeGradientFlow(merged);
    }
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
   * Moves results that no longer match out of the way, to {@code .replaced/<id>-<fingerprint>}
   * next to them, rather than deleting them: a mistyped {@code -Dvgp.epochs} must not cost a
   * finished two-day run. Report inputs never look into the hidden folder.
   */
  private void setAside(ResultsDirectory results, Listener listener) {
    String fingerprint = results.readExperiment().map(r -> r.fingerprint().substring(0, 12))
        .orElse("unknown");
    Path target = outputDirectory.resolve(REPLACED)
        .resolve(results.root().getFileName() + "-" + fingerprint);
    try {
      AtomicFiles.deleteTree(target);
      Files.createDirectories(target.getParent());
      Files.move(results.root(), target);
    } catch (IOException e) {
      throw new UncheckedIOException("could not move " + results.root() + " aside to " + target
          + ": " + e.getMessage(), e);
    }
    listener.info("earlier results moved to " + target);
  }

  private static void deleteRecursively(Path root) {
    try {
      AtomicFiles.deleteTree(root);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root + ": " + e.getMessage(), e);
    }
  }
}
