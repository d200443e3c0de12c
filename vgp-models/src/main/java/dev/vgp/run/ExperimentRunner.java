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
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.train.Divergence;
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
public final class ExperimentRunner {

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
      Optional<TrainingOutcome> training, Optional<Divergence> divergence) {}

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
  private final DataFetcher fetcher = new DataFetcher();

  /** @param outputDirectory holds one results directory per experiment, named by its id */
  public ExperimentRunner(Path outputDirectory, Options options, Engine engine) {
    this.outputDirectory = outputDirectory;
    this.options = options;
    this.engine = engine;
  }

  /** A runner with {@link Options#defaults()} but for {@code force}. */
  public ExperimentRunner(Path outputDirectory, boolean force, Engine engine) {
    this(outputDirectory, new Options(force, WriterLock.Policy.failFast(), true), engine);
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
      ExperimentRecord planned = experiment.record(ExperimentRecord.RUNNING,
          prepared.kind().id(), prepared.checksum(), vgpVersion, Map.of());
      RunDecision decision = decide(resultsOf(experiment), planned);
      listener.info(experiment.id() + ": " + verb(decision.action()) + ", " + decision.reason());
      if (decision.action() == RunDecision.Action.SKIP) {
        outcomes.add(new Outcome(experiment, decision, Optional.empty(), Optional.empty()));
      } else {
        toTrain.add(new Decided(experiment, planned, decision));
      }
    }
    if (toTrain.isEmpty()) return outcomes;
    // A second build on the same directory fails here, before loading data, not hours later.
    for (Decided d : toTrain) {
      WriterLock.requireFree(resultsOf(d.experiment()).root(), options.lockPolicy());
    }

    Dataset data = Datasets.load(prepared, listener);
    new ExperimentPlan(toTrain.stream().map(Decided::experiment).toList())
        .requireFits(data.train().count());
    for (Decided d : toTrain) outcomes.add(trainLocked(d, data, listener));
    return outcomes;
  }

  /**
   * What to do with an experiment given its results on disk: {@link RunDecision#decide}, after
   * checking that results it would skip or resume from are readable and, for a skip, agree.
   */
  private RunDecision decide(ResultsDirectory results, ExperimentRecord planned) {
    Optional<ExperimentRecord> earlier;
    try {
      earlier = results.readExperiment();
    } catch (DamagedResultsException e) {
      return RunDecision.damaged(e.getMessage());
    }
    RunDecision decision = RunDecision.decide(earlier, planned, options.force());
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
    try (WriterLock lock = WriterLock.acquire(results.root(), options.lockPolicy(),
        message -> listener.info(experiment.id() + ": " + message))) {
      RunDecision decision = decide(results, first.planned());
      if (!decision.equals(first.decision())) {
        listener.info(experiment.id() + ": now " + verb(decision.action()) + ", "
            + decision.reason());
      }
      if (decision.action() == RunDecision.Action.SKIP) {
        return new Outcome(experiment, decision, Optional.empty(), Optional.empty());
      }
      return train(new Decided(experiment, first.planned(), decision), data, lock, listener);
    }
  }

  /** An experiment to train, with the record it will write and why it trains. */
  private record Decided(ExperimentDefinition experiment, ExperimentRecord planned,
      RunDecision decision) {}

  private Outcome train(Decided decided, Dataset data, WriterLock lock, Listener listener) {
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
    FinalStatus status = new FinalStatus(results,
        decided.planned().withStatus(ExperimentRecord.RUNNING, environment));
    results.writeExperiment(status.running);
    listener.info(experiment.id() + ": training " + experiment.model().describe() + ", "
        + describe(experiment.training()) + ", into " + results.root());
    StopRequest stop = new StopRequest();
    lock.whenLost(stop::request);
    String resumeHint = "a rerun resumes from the latest checkpoint in " + results.checkpoints();
    try (StopOnShutdown onShutdown = new StopOnShutdown(experiment.id(), stop, () -> {
      status.write(ExperimentRecord.INTERRUPTED, Map.of("stoppedBy", StopOnShutdown.REASON));
      listener.info(experiment.id() + ": stopped: " + StopOnShutdown.REASON + ", training did"
          + " not reach a step boundary within " + StopOnShutdown.GRACE.toSeconds() + " s; "
          + resumeHint);
      lock.close();
    })) {
      TrainingOutcome outcome = engine.train(experiment, data, results, listener, stop);
      status.write(ExperimentRecord.FINISHED, Map.of(
          "device", outcome.device(),
          "resumedAtEpoch", Integer.toString(outcome.resumedAtEpoch()),
          "finishedAt", Instant.now().toString()));
      return new Outcome(experiment, decision, Optional.of(outcome), Optional.empty());
    } catch (TrainingDivergedException e) {
      Divergence divergence = e.divergence();
      status.write(ExperimentRecord.DIVERGED, Map.of(
          "divergedAt", divergence.describe(),
          "finishedAt", Instant.now().toString()));
      String message = experiment.id() + " diverged " + divergence.describe() + ". Its rows and"
          + " checkpoints up to there are kept in " + results.root() + " (status diverged). Lower"
          + " its learningRate (" + plain(experiment.training().learningRate()) + "), or set"
          + " -Dvgp.failOnDivergence=false to train the other experiments anyway";
      if (options.failOnDivergence()) throw new ExperimentDivergedException(message, divergence);
      listener.info("WARNING: " + message.replace(", or set -Dvgp.failOnDivergence=false to"
          + " train the other experiments anyway", "") + "; vgp.failOnDivergence is false:"
          + " going on with the other experiments");
      return new Outcome(experiment, decision, Optional.empty(), Optional.of(divergence));
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
   * The final status of a run in experiment.json, written once: by the training thread, or by
   * the shutdown hook when training did not stop in time.
   */
  private static final class FinalStatus {
    private final ResultsDirectory results;
    private final ExperimentRecord running;
    private boolean written;

    FinalStatus(ResultsDirectory results, ExperimentRecord running) {
      this.results = results;
      this.running = running;
    }

    synchronized void write(String status, Map<String, String> moreEnvironment) {
      if (written) return;
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
    Dataset data = Datasets.load(prepared, listener);
    plan.requireFits(data.train().count());
    for (ExperimentDefinition experiment : plan.experiments()) {
      listener.info(experiment.id() + ": measuring the gradient flow at initialisation on "
          + batches + " batches of " + experiment.training().batchSize());
      List<GradientFlowRecord> atInit = GradientFlowProbe.atInitialisation(experiment.model(),
          experiment.training(), data, batches);
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

  /** The entries of a results directory but its lock; none when it does not exist. */
  private static List<Path> contents(Path directory) {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(p -> !p.getFileName().toString().equals(WriterLock.FILE)
          && !p.getFileName().toString().startsWith("." + WriterLock.FILE)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
  }
}
