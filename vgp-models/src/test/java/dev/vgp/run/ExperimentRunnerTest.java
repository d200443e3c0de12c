package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.Dataset;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.PreparedData;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TestMetrics;
import dev.vgp.run.RunDecision.Action;
import dev.vgp.train.TrainingListener;
import dev.vgp.train.TrainingOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration around training, with an engine that records what it was asked to train. */
class ExperimentRunnerTest {

  @TempDir Path dir;
  private FetchRequest data;
  private final List<String> trained = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  /** Writes one summary row and test metrics, as the real engine would, and a checkpoint dir. */
  private final ExperimentRunner.Engine engine = new ExperimentRunner.Engine() {
    @Override
    public TrainingOutcome train(ExperimentDefinition experiment, Dataset dataset,
        ResultsDirectory results, TrainingListener listener) {
      trained.add(experiment.id());
      List<EpochMetrics> epochs = List.of(new EpochMetrics(0, 1e-3, 4.6, 0.01, 4.6, 0.01, 1, 1));
      results.writeSummary(epochs);
      results.writeTestSummary(new TestMetrics(0, 4.6, 0.01));
      try {
        Files.createDirectories(results.checkpoints().resolve("latest"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new TrainingOutcome(epochs, new TestMetrics(0, 4.6, 0.01), -1, "fake:0");
    }

    @Override
    public Map<String, String> versions() {
      return Map.of("tensorflowVersion", "fake");
    }
  };

  private final ExperimentRunner.Listener listener = log::add;

  @BeforeEach
  void syntheticArchive() {
    Path archive = dir.resolve("cifar-100-binary.tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 200, 20, 0);
    data = new FetchRequest(DatasetKind.CIFAR100, dir.resolve("cache"), null, checksum, archive,
        null, true);
  }

  private static ExperimentPlan plan(int batchSize, int epochs, String... ids) {
    List<ExperimentDeclaration> declared = new ArrayList<>();
    for (String id : ids) {
      declared.add(new ExperimentDeclaration(id, id.toUpperCase(), new ExperimentSettings(
          "vgg08", null, null, null, null, null, 8, null, null, null, null, epochs, batchSize,
          null, null, null, null, null)));
    }
    return ExperimentPlan.resolve(ExperimentSettings.none(), declared, PlanOverrides.none(),
        DataShape.cifar100());
  }

  private ExperimentRunner runner(boolean force) {
    return new ExperimentRunner(dir.resolve("out"), force, engine);
  }

  private ExperimentRecord record(String id) {
    return new ResultsDirectory(dir.resolve("out").resolve(id)).readExperiment().orElseThrow();
  }

  @Test
  void trainsEachExperimentAndRecordsWhatRanThenSkipsWhatIsUpToDate() {
    List<ExperimentRunner.Outcome> first = runner(false).run(plan(10, 2, "a", "b"), data,
        listener);
    assertEquals(List.of("a", "b"), trained);
    assertEquals(List.of(Action.TRAIN, Action.TRAIN),
        first.stream().map(o -> o.decision().action()).toList());
    ExperimentRecord a = record("a");
    assertTrue(a.finished());
    assertEquals("A", a.label());
    assertEquals(data.checksum(), a.dataChecksum());
    assertEquals("cifar100", a.dataset());
    assertEquals("fake:0", a.environment().get("device"));
    assertEquals("fake", a.environment().get("tensorflowVersion"));
    assertEquals(System.getProperty("java.version"), a.environment().get("javaVersion"));
    assertTrue(a.environment().containsKey("startedAt"));
    assertTrue(a.environment().containsKey("finishedAt"));

    trained.clear();
    List<ExperimentRunner.Outcome> second = runner(false).run(plan(10, 2, "a", "b"), data,
        listener);
    assertEquals(List.of(), trained);
    assertEquals(List.of(Action.SKIP, Action.SKIP),
        second.stream().map(o -> o.decision().action()).toList());
    assertTrue(log.contains("a: skipping, up to date: finished results carry fingerprint "
        + a.fingerprint().substring(0, 12)), log.toString());

    runner(true).run(plan(10, 2, "b"), data, listener);
    assertEquals(List.of("b"), trained);
  }

  @Test
  void aChangedConfigurationSetsTheEarlierResultsAsideBeforeTraining() throws Exception {
    runner(false).run(plan(10, 2, "a"), data, listener);
    String earlier = record("a").fingerprint().substring(0, 12);
    Path stale = dir.resolve("out/a/plots/gradient_flow_log.svg");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "<svg/>");

    runner(false).run(plan(10, 3, "a"), data, listener);
    assertEquals(List.of("a", "a"), trained);
    assertFalse(Files.exists(stale), "results of the old configuration must not mix in");
    assertEquals(3, record("a").training().epochs());
    Path aside = dir.resolve("out/.replaced/a-" + earlier);
    assertTrue(Files.exists(aside.resolve("plots/gradient_flow_log.svg")));
    assertEquals(2, new ResultsDirectory(aside).readExperiment().orElseThrow().training()
        .epochs());
    assertTrue(log.contains("a: training again, the configuration changed since the earlier run"
        + " (training.epochs: 2 -> 3)"), log.toString());
    assertTrue(log.contains("earlier results moved to " + aside), log.toString());
  }

  @Test
  void anInterruptedRunResumesAndKeepsItsFirstStart() {
    ExperimentRunner runner = runner(false);
    runner.run(plan(10, 2, "a"), data, listener);
    ExperimentRecord finished = record("a");
    ResultsDirectory results = new ResultsDirectory(dir.resolve("out/a"));
    results.writeExperiment(finished.withStatus(ExperimentRecord.RUNNING, Map.of()));

    List<ExperimentRunner.Outcome> outcomes = runner.run(plan(10, 2, "a"), data, listener);
    assertEquals(Action.RESUME, outcomes.get(0).decision().action());
    assertTrue(Files.isDirectory(results.checkpoints().resolve("latest")),
        "the checkpoint to resume from must be kept");
    ExperimentRecord resumed = record("a");
    assertTrue(resumed.finished());
    assertEquals(finished.environment().get("startedAt"), resumed.environment().get("startedAt"));
    assertTrue(resumed.environment().containsKey("resumedAt"));
  }

  /**
   * The orchestration of training processes, each played here by a runner in this JVM that
   * reads only the plan file, as {@link ChildMain} does.
   */
  private ExperimentRunner inProcesses(boolean force, List<Path> launched) {
    return ExperimentRunner.inProcesses(dir.resolve("out"), force, (task, directory) -> {
      assertEquals(ChildTask.TRAIN, task);
      launched.add(directory);
      FrozenPlan plan = PlanFiles.readPlan(directory.resolve(task.file()));
      new ExperimentRunner(plan.outputDirectory(), false, engine).train(plan, log::add);
    });
  }

  @Test
  void inProcessesEachExperimentIsPlannedIntoItsResultsDirectoryAndTrainedFromThere() {
    List<Path> launched = new ArrayList<>();
    List<ExperimentRunner.Outcome> outcomes =
        inProcesses(false, launched).run(plan(10, 2, "a", "b"), data, listener);
    assertEquals(List.of(dir.resolve("out/a"), dir.resolve("out/b")), launched);
    assertEquals(List.of("a", "b"), trained);
    assertEquals("fake:0", outcomes.get(0).training().orElseThrow().device());
    assertEquals(0.01, outcomes.get(1).training().orElseThrow().test().testAccuracy());
    assertTrue(record("a").finished());
    // the training process says what it decided, once
    assertEquals(1, log.stream().filter(line -> line.equals("a: training, no earlier results"))
        .count(), log.toString());

    // a changed configuration is set aside here: a training process never forces
    launched.clear();
    inProcesses(false, launched).run(plan(10, 3, "a", "b"), data, listener);
    assertEquals(3, record("a").training().epochs());
    assertTrue(log.stream().anyMatch(line -> line.startsWith("earlier results moved to ")));

    // up to date: nothing is launched
    launched.clear();
    inProcesses(false, launched).run(plan(10, 3, "a", "b"), data, listener);
    assertEquals(List.of(), launched);
  }

  @Test
  void aPlanOfAnotherVgpVersionIsNotTrained() {
    FrozenPlan plan = new FrozenPlan(plan(10, 1, "a").experiments().get(0),
        new PreparedData(DatasetKind.CIFAR100, dir, "md5:0"), "0.0.1-other",
        dir.resolve("out"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> runner(false).train(plan, listener));
    assertTrue(e.getMessage().contains("was planned by vgp 0.0.1-other but this is vgp "),
        e.getMessage());
    assertEquals(List.of(), trained);
  }

  @Test
  void everyExperimentToTrainIsCheckedAgainstTheDataBeforeAnyTrains() {
    // 200 images split into 190 train and 10 validation: a batch of 100 fits, 500 does not.
    ExperimentPlan plan = new ExperimentPlan(List.of(plan(100, 1, "fits").experiments().get(0),
        plan(500, 1, "too-big").experiments().get(0)));
    InvalidExperimentsException failure = assertThrows(InvalidExperimentsException.class,
        () -> runner(false).run(plan, data, listener));
    assertEquals(List.of("experiment 'too-big': batchSize 500 is larger than the 190 training"
        + " images: not one full batch to train on"), failure.problems());
    assertEquals(List.of(), trained);

    // the same before the first training process starts, from the size of the data alone
    List<Path> launched = new ArrayList<>();
    InvalidExperimentsException beforeLaunch = assertThrows(InvalidExperimentsException.class,
        () -> inProcesses(false, launched).run(plan, data, listener));
    assertEquals(failure.problems(), beforeLaunch.problems());
    assertEquals(List.of(), launched);
  }
}
