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
  private final DataFetcher fetcher = new DataFetcher();

  /**
   * @param outputDirectory holds one results directory per experiment, named by its id
   * @param force discard finished results even when up to date ({@code -Dvgp.force})
   */
  public ExperimentRunner(Path outputDirectory, boolean force, Engine engine) {
    this.outputDirectory = outputDirectory;
    this.force = force;
    this.engine = engine;
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
      ExperimentRecord planned = experiment.record(ExperimentRecord.RUNNING,
          prepared.kind().id(), prepared.checksum(), vgpVersion, Map.of());
      RunDecision decision =
          RunDecision.decide(resultsOf(experiment).readExperiment(), planned, force);
      listener.info(experiment.id() + ": " + verb(decision.action()) + ", " + decision.reason());
      if (decision.action() == RunDecision.Action.SKIP) {
        outcomes.add(new Outcome(experiment, decision, Optional.empty()));
      } else {
        toTrain.add(new Decided(experiment, planned, decision));
      }
    }
    if (toTrain.isEmpty()) return outcomes;

    Dataset data = Datasets.load(prepared, listener);
    new ExperimentPlan(toTrain.stream().map(Decided::experiment).toList())
        .requireFits(data.train().count());
    for (Decided d : toTrain) {
      TrainingOutcome trained = train(d, data, listener);
      outcomes.add(new Outcome(d.experiment(), d.decision(), Optional.of(trained)));
    }
    return outcomes;
  }

  /** An experiment to train, with the record it will write and why it trains. */
  private record Decided(ExperimentDefinition experiment, ExperimentRecord planned,
      RunDecision decision) {}

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
        decided.planned().withStatus(ExperimentRecord.RUNNING, environment);
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
    Dataset data = Datasets.load(prepared, listener);
    plan.requireFits(data.train().count());
    for (ExperimentDefinition experiment : plan.experiments()) {
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
