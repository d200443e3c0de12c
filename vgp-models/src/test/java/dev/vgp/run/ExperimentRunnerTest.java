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
import dev.vgp.files.DirectoryManifest;
import dev.vgp.files.RecordingSink;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ResourceUse;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.SetAside;
import dev.vgp.results.TestMetrics;
import dev.vgp.run.RunDecision.Action;
import dev.vgp.train.Divergence;
import dev.vgp.train.StopRequest;
import dev.vgp.train.TrainingDivergedException;
import dev.vgp.train.TrainingListener;
import dev.vgp.train.TrainingOutcome;
import dev.vgp.train.TrainingStoppedException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration around training, with an engine that records what it was asked to train. */
class ExperimentRunnerTest {

  @TempDir Path dir;
  private FetchRequest data;
  private final List<String> trained = new ArrayList<>();
  private final RecordingSink sink = new RecordingSink();
  private final List<String> log = sink.lines;

  /**
   * What the fake engine does before writing its results, e.g. throw as a diverging or stopped
   * run would.
   */
  private interface Behaviour {
    void before(ExperimentDefinition experiment, ResultsDirectory results, StopRequest stop);
  }

  private Behaviour behaviour = (experiment, results, stop) -> {};

  /**
   * Writes a row and the gradient flow per planned epoch and test metrics, as the real engine
   * would, and a checkpoint directory.
   */
  private final Engine engine = new Engine() {
    @Override
    public TrainingOutcome train(ExperimentDefinition experiment, Dataset dataset,
        ResultsDirectory results, TrainingListener listener, StopRequest stop) {
      trained.add(experiment.id());
      behaviour.before(experiment, results, stop);
      List<EpochMetrics> epochs = new ArrayList<>();
      List<GradientFlowRecord> flow = new ArrayList<>();
      for (int epoch = 0; epoch < experiment.training().epochs(); epoch++) {
        epochs.add(new EpochMetrics(epoch, 1e-3, 4.6, 0.01, 4.6, 0.01, 1, 1,
            ResourceUse.UNMEASURED));
        flow.add(new GradientFlowRecord(epoch, 0, "input_conv_conv_0",
            GradientStatistic.LAST_BATCH_MEAN_ABS, 0.1));
      }
      results.writeSummary(epochs);
      results.writeGradientFlow(flow);
      results.writeTestSummary(new TestMetrics(0, 4.6, 0.01));
      writeCheckpoint(results, experiment.training().epochs() - 1);
      return new TrainingOutcome(epochs, new TestMetrics(0, 4.6, 0.01), -1, "fake:0");
    }

    @Override
    public String version() {
      return "fake";
    }
  };

  /** A checkpoint of {@code epoch}, the best so far, as the trainer leaves it. */
  private static void writeCheckpoint(ResultsDirectory results, int epoch) {
    Path latest = results.checkpoints().resolve("latest");
    try {
      Files.createDirectories(latest);
      Files.writeString(latest.resolve("model.data-00000-of-00001"), "weights");
      Files.writeString(latest.resolve("state.json"), "{\"epoch\": " + epoch
          + ", \"bestEpoch\": " + epoch + ", \"bestValAcc\": 0.01, \"adamStep\": 1}");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    DirectoryManifest.write(latest);
  }

  private final RunListener listener = new RunLog(sink, Duration.ZERO);

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
          Map.of("model", "vgg08", "width", "8", "epochs", Integer.toString(epochs),
              "batchSize", Integer.toString(batchSize)))));
    }
    return ExperimentPlan.resolve(ExperimentSettings.none(), declared, PlanOverrides.none(),
        DataShape.cifar100());
  }

  private ExperimentRunner runner(boolean force) {
    return runner(new ExperimentRunner.Options(force, WriterLock.Policy.failFast(), true));
  }

  /** A runner that trains in this JVM, on the fake engine. */
  private ExperimentRunner runner(ExperimentRunner.Options options) {
    return new ExperimentRunner(dir.resolve("out"), options,
        Launcher.inThisJvm(engine, sink, Duration.ZERO));
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
    assertEquals(Optional.of("fake:0"), a.environment().device());
    assertEquals(Optional.of("fake"), a.environment().tensorflowVersion());
    assertEquals(Optional.of(System.getProperty("java.version")),
        a.environment().javaVersion());
    assertEquals(Optional.of(-1), a.environment().resumedAtEpoch());
    assertFalse(a.environment().startedAt().orElseThrow()
        .isAfter(a.environment().finishedAt().orElseThrow()));

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
    Path aside = onlySetAside("a-" + earlier + "-");
    assertTrue(Files.exists(aside.resolve("plots/gradient_flow_log.svg")));
    assertEquals(2, new ResultsDirectory(aside).readExperiment().orElseThrow().training()
        .epochs());
    assertTrue(log.contains("a: training again, the configuration changed since the earlier run"
        + " (training.epochs: 2 -> 3)"), log.toString());
    assertTrue(log.contains("a: earlier results moved to " + aside), log.toString());
  }

  @Test
  void aSecondSetAsideOfTheSameConfigurationKeepsTheFirst() throws Exception {
    runner(false).run(plan(10, 2, "a"), data, listener);
    String fingerprint = record("a").fingerprint().substring(0, 12);
    Files.writeString(dir.resolve("out/a/first.txt"), "first");
    runner(true).run(plan(10, 2, "a"), data, listener);
    Files.writeString(dir.resolve("out/a/second.txt"), "second");
    runner(true).run(plan(10, 2, "a"), data, listener);

    List<Path> aside = setAside("a-" + fingerprint + "-");
    assertEquals(2, aside.size(), aside.toString());
    assertEquals(List.of("first", "second"), aside.stream().map(p -> {
      try (Stream<Path> files = Files.list(p)) {
        return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".txt"))
            .map(n -> n.replace(".txt", "")).findFirst().orElse("none");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).sorted().toList());
    for (Path p : aside) {
      assertTrue(log.contains("a: earlier results moved to " + p), log.toString());
      assertTrue(new ResultsDirectory(p).readExperiment().orElseThrow().finished());
    }
  }

  private List<Path> setAside(String prefix) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(dir.resolve("out").resolve(SetAside.REPLACED))) {
      return entries.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted()
          .toList();
    }
  }

  private Path onlySetAside(String prefix) throws java.io.IOException {
    List<Path> aside = setAside(prefix);
    assertEquals(1, aside.size(), aside.toString());
    return aside.get(0);
  }

  @Test
  void anInterruptedRunResumesAndKeepsItsFirstStart() {
    ExperimentRunner runner = runner(false);
    runner.run(plan(10, 2, "a"), data, listener);
    ExperimentRecord finished = record("a");
    ResultsDirectory results = new ResultsDirectory(dir.resolve("out/a"));
    results.writeExperiment(finished.withStatus(ExperimentRecord.Status.RUNNING,
        finished.environment()));

    List<ExperimentRunner.Outcome> outcomes = runner.run(plan(10, 2, "a"), data, listener);
    assertEquals(Action.RESUME, outcomes.get(0).decision().action());
    assertTrue(Files.isDirectory(results.checkpoints().resolve("latest")),
        "the checkpoint to resume from must be kept");
    ExperimentRecord resumed = record("a");
    assertTrue(resumed.finished());
    assertEquals(finished.environment().startedAt(), resumed.environment().startedAt());
    assertTrue(resumed.environment().resumedAt().orElseThrow()
        .isAfter(resumed.environment().startedAt().orElseThrow()));
  }

  // ---- one writer per experiment directory

  private Path lockOf(String id) {
    return dir.resolve("out").resolve(id).resolve(WriterLock.FILE);
  }

  /** A lock file as another process would have written it. */
  private void holdLock(String id, long pid, Instant startedAt, Instant refreshedAt)
      throws Exception {
    Files.createDirectories(lockOf(id).getParent());
    Files.writeString(lockOf(id), "{\"host\": \"" + InetAddress.getLocalHost().getHostName()
        + "\", \"pid\": " + pid + ", \"startedAt\": \"" + startedAt
        + "\", \"refreshedAt\": \"" + refreshedAt + "\", \"token\": \"other\"}");
  }

  @Test
  void aSecondWriterFailsAtOnceNamingTheHolderAndTheLockIsReleasedAfterARun() throws Exception {
    runner(false).run(plan(10, 1, "a"), data, listener);
    assertFalse(Files.exists(lockOf("a")), "released after the run");

    // a live process on this host (this JVM) holds b's lock: a second build must not train b
    Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
    holdLock("b", ProcessHandle.current().pid(), jvmStart.plusSeconds(2), Instant.now());
    WriterLock.HeldException held = assertThrows(WriterLock.HeldException.class,
        () -> runner(false).run(plan(10, 1, "b"), data, listener));
    assertTrue(held.getMessage().matches(".* is held by pid " + ProcessHandle.current().pid()
        + " on " + InetAddress.getLocalHost().getHostName() + ", holding it for [0-9hmins ]+"
        + " \\(refreshed \\d+ s ago\\)\\..*"),
        held.getMessage());
    assertEquals(List.of("a"), trained);
    assertTrue(Files.exists(lockOf("b")), "another's lock is left alone");
  }

  @Test
  void aLockOfADeadProcessOrNotRefreshedIsTakenOverAndSaidSo() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    holdLock("a", gone.pid(), Instant.now(), Instant.now());
    // refreshed before it started: the clock of another host sharing the directory
    holdLock("b", ProcessHandle.current().pid(), Instant.now(),
        Instant.now().minus(Duration.ofMinutes(11)));

    runner(false).run(plan(10, 1, "a", "b"), data, listener);
    assertEquals(List.of("a", "b"), trained);
    assertTrue(log.stream().anyMatch(line -> line.startsWith("a: took over the stale lock "
        + lockOf("a") + " of pid " + gone.pid()) && line.endsWith(" is gone")), log.toString());
    assertTrue(log.stream().anyMatch(line -> line.startsWith("b: took over the stale lock")
        && line.contains("not refreshed for 11 min")), log.toString());
  }

  @Test
  void waitingForALockTrainsOnceItIsReleased() throws Exception {
    WriterLock other = WriterLock.acquire(dir.resolve("out/a"), WriterLock.Policy.failFast(),
        new RecordingSink());
    Thread release = new Thread(() -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      other.close();
    });
    release.start();
    runner(new ExperimentRunner.Options(false, new WriterLock.Policy(true,
        Duration.ofMinutes(10)), true)).run(plan(10, 1, "a"), data, listener);
    release.join();
    assertEquals(List.of("a"), trained);
    assertTrue(log.stream().anyMatch(line -> line.startsWith("a: waiting for " + lockOf("a"))),
        log.toString());
  }

  // ---- divergence

  private static TrainingDivergedException divergedAtEpochOne() {
    return new TrainingDivergedException(new Divergence(1, 3, Double.NaN,
        Optional.of("input_conv_conv_0"), 9));
  }

  @Test
  void aDivergedRunIsRecordedFailsTheRunAndIsNotSkippedLater() {
    behaviour = (experiment, results, stop) -> {
      if (experiment.id().equals("a")) throw divergedAtEpochOne();
    };
    ExperimentDivergedException failure = assertThrows(ExperimentDivergedException.class,
        () -> runner(false).run(plan(10, 2, "a", "b"), data, listener));
    assertEquals("a diverged in epoch 1 at step 3: loss NaN, the gradient first became"
        + " non-finite in input_conv_conv_0 (and 8 more layers). Its rows and checkpoints up to"
        + " there are kept in " + dir.resolve("out/a") + " (status diverged). Lower its"
        + " learningRate (0.001), or set -Dvgp.failOnDivergence=false to train the other"
        + " experiments anyway", failure.getMessage());
    assertEquals(List.of("a"), trained, "the build stops at the diverged experiment");
    assertEquals(ExperimentRecord.Status.DIVERGED, record("a").status());
    assertFalse(Files.exists(lockOf("a")));

    behaviour = (experiment, results, stop) -> {};
    List<ExperimentRunner.Outcome> again = runner(false).run(plan(10, 2, "a"), data, listener);
    assertEquals(Action.RESTART, again.get(0).decision().action());
    assertTrue(record("a").finished());
  }

  @Test
  void failOnDivergenceOffTrainsTheOtherExperiments() {
    behaviour = (experiment, results, stop) -> {
      if (experiment.id().equals("a")) throw divergedAtEpochOne();
    };
    List<ExperimentRunner.Outcome> outcomes = runner(new ExperimentRunner.Options(false,
        WriterLock.Policy.failFast(), false)).run(plan(10, 2, "a", "b"), data, listener);
    assertEquals(List.of("a", "b"), trained);
    assertTrue(outcomes.get(0).divergedAt().orElseThrow().startsWith("in epoch 1 at step 3"));
    assertTrue(outcomes.get(1).divergedAt().isEmpty());
    assertEquals(ExperimentRecord.Status.DIVERGED, record("a").status());
    assertTrue(record("b").finished());
    assertTrue(log.stream().anyMatch(line -> line.startsWith("warn: a diverged in epoch 1")
        && line.endsWith("going on with the other experiments")), log.toString());
  }

  // ---- damaged results

  @Test
  void damagedResultsAreSetAsideAndTrainedAgainNeverSkipped() throws Exception {
    runner(false).run(plan(10, 2, "a"), data, listener);
    Path summary = dir.resolve("out/a/summary.csv");
    Files.writeString(summary, Files.readString(summary).replaceFirst("4\\.6", "4.x6"));

    List<ExperimentRunner.Outcome> outcomes = runner(false).run(plan(10, 2, "a"), data,
        listener);
    assertEquals(Action.RESTART, outcomes.get(0).decision().action());
    assertEquals(List.of("a", "a"), trained);
    assertTrue(log.stream().anyMatch(line -> line.startsWith("a: training again, the earlier"
        + " results are damaged (" + summary + " line 2 is malformed")), log.toString());
    assertTrue(Files.readString(onlySetAside("a-").resolve("summary.csv")).contains("4.x6"),
        "the damaged files are kept");
  }

  @Test
  void anInterruptedRunWithoutAnIntactCheckpointIsSetAsideAndStartsOver() throws Exception {
    ExperimentRunner runner = runner(false);
    runner.run(plan(10, 2, "a"), data, listener);
    ResultsDirectory results = new ResultsDirectory(dir.resolve("out/a"));
    results.writeExperiment(record("a").withStatus(ExperimentRecord.Status.RUNNING,
        record("a").environment()));
    Path weights = results.checkpoints().resolve("latest/model.data-00000-of-00001");
    Files.writeString(weights, "weightz"); // one byte changed, the length kept

    List<ExperimentRunner.Outcome> outcomes = runner.run(plan(10, 2, "a"), data, listener);
    assertEquals(Action.RESTART, outcomes.get(0).decision().action());
    assertTrue(log.contains("a: training again, the earlier results are damaged (no intact"
        + " checkpoint in " + results.checkpoints() + ": latest is damaged:"
        + " model.data-00000-of-00001 does not match its SHA-256 in manifest.json (its content"
        + " changed)) and are not used"), log.toString());
    Path aside = onlySetAside("a-");
    assertTrue(log.contains("a: earlier results moved to " + aside), log.toString());
    assertEquals("weightz", Files.readString(aside.resolve(
        "checkpoints/latest/model.data-00000-of-00001")), "the damaged checkpoint is kept");
    assertTrue(record("a").finished());
  }

  @Test
  void aTruncatedExperimentJsonNeverBlocksAFreshStartForcedOrNot() throws Exception {
    for (boolean force : new boolean[] {false, true}) {
      runner(false).run(plan(10, 2, "a"), data, listener);
      Path json = dir.resolve("out/a/experiment.json");
      String text = Files.readString(json);
      Files.writeString(json, text.substring(0, text.length() / 2));
      trained.clear();
      runner(force).run(plan(10, 2, "a"), data, listener);
      assertEquals(List.of("a"), trained);
      assertTrue(record("a").finished());
    }
    assertEquals(2, setAside("a-damaged-").size());
    assertTrue(log.stream().anyMatch(line -> line.startsWith("a: training again, the earlier"
        + " results are damaged (" + dir.resolve("out/a/experiment.json") + " is malformed")),
        log.toString());
  }

  // ---- stopping

  @Test
  void aStoppedRunIsMarkedInterruptedSaysWhereItResumesAndReleasesItsLock() {
    behaviour = (experiment, results, stop) -> {
      throw new TrainingStoppedException("SIGTERM", 1, 7, 20, 0);
    };
    assertThrows(TrainingStoppedException.class,
        () -> runner(false).run(plan(10, 2, "a"), data, listener));
    assertEquals(ExperimentRecord.Status.INTERRUPTED, record("a").status());
    assertFalse(Files.exists(lockOf("a")));
    assertTrue(log.contains("a: stopped in epoch 1 at step 7 of 20 (SIGTERM); a rerun resumes"
        + " after epoch 0 from " + dir.resolve("out/a/checkpoints/latest")), log.toString());

    behaviour = (experiment, results, stop) -> {};
    assertEquals(Action.RESUME, runner(false).run(plan(10, 2, "a"), data, listener).get(0)
        .decision().action());
  }

  @Test
  void aFailureWithoutAMessageIsRecordedByItsClassAndTheRunResumes() {
    // a bare NullPointerException of the training code: its null message once left the run
    // recorded as running
    behaviour = (experiment, results, stop) -> {
      throw new IllegalStateException();
    };
    assertThrows(IllegalStateException.class,
        () -> runner(false).run(plan(10, 2, "a"), data, listener));
    assertEquals(ExperimentRecord.Status.INTERRUPTED, record("a").status());
    assertEquals(Optional.of("java.lang.IllegalStateException"),
        record("a").environment().failure());
    assertFalse(Files.exists(lockOf("a")));
  }

  @Test
  void sigtermStopsTrainingAtAStepMarksItInterruptedAndReleasesTheLock() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StoppableRun.class.getName(), dir.toString()).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
        child.getInputStream()))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        if (line.equals("TRAINING")) child.toHandle().destroy(); // SIGTERM, streams kept open
      }
    }
    assertEquals(143, child.waitFor(), output.toString());
    assertEquals(ExperimentRecord.Status.INTERRUPTED, record("a").status(), output.toString());
    assertFalse(Files.exists(lockOf("a")), output.toString());
    assertTrue(output.stream().anyMatch(line -> line.matches("a: stopped in epoch 1 at step \\d+"
        + " of 1000 \\(the JVM is shutting down \\(SIGINT, SIGTERM or System.exit\\)\\); a rerun"
        + " resumes after epoch 0 from .*checkpoints/latest")), output.toString());
  }

  // ---- launching

  /** A runner whose launcher records the directory of every task it runs. */
  private ExperimentRunner recording(boolean force, List<Path> launched) {
    Launcher inThisJvm = Launcher.inThisJvm(engine, sink, Duration.ZERO);
    return new ExperimentRunner(dir.resolve("out"), new ExperimentRunner.Options(force,
        WriterLock.Policy.failFast(), true), new Launcher() {
          @Override
          public void prepare(Task task, Path directory) {
            inThisJvm.prepare(task, directory);
          }

          @Override
          public void run(Task task, Path directory) {
            launched.add(directory);
            inThisJvm.run(task, directory);
          }
        });
  }

  @Test
  void eachExperimentIsPlannedIntoItsResultsDirectoryAndTrainedFromThere() {
    List<Path> launched = new ArrayList<>();
    List<ExperimentRunner.Outcome> outcomes =
        recording(false, launched).run(plan(10, 2, "a", "b"), data, listener);
    assertEquals(List.of(dir.resolve("out/a"), dir.resolve("out/b")), launched);
    assertEquals(List.of("a", "b"), trained);
    assertEquals("fake:0", outcomes.get(0).training().orElseThrow().device());
    assertEquals(0.01, outcomes.get(1).training().orElseThrow().test().testAccuracy());
    assertTrue(record("a").finished());
    assertEquals(record("a").fingerprint(),
        PlanFiles.readPlan(dir.resolve("out/a/plan.json")).fingerprint());
    // what trains says what it decided, once
    assertEquals(1, log.stream().filter(line -> line.equals("a: training, no earlier results"))
        .count(), log.toString());

    // a changed configuration is set aside here: what trains never forces
    launched.clear();
    recording(false, launched).run(plan(10, 3, "a", "b"), data, listener);
    assertEquals(3, record("a").training().epochs());
    assertTrue(log.stream().anyMatch(line -> line.startsWith("a: earlier results moved to ")));

    // up to date: nothing is launched
    launched.clear();
    recording(false, launched).run(plan(10, 3, "a", "b"), data, listener);
    assertEquals(List.of(), launched);
  }

  @Test
  void aPlanOfAnotherVgpVersionIsNotTrained() {
    FrozenPlan plan = new FrozenPlan(plan(10, 1, "a").experiments().get(0),
        new PreparedData(DatasetKind.CIFAR100, dir, "md5:0"), "0.0.1-other",
        dir.resolve("out"), List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan.run(new Worker(engine, listener)));
    assertTrue(e.getMessage().contains("was planned by vgp 0.0.1-other but this is vgp "),
        e.getMessage());
    assertEquals(List.of(), trained);
  }

  @Test
  void everyExperimentToTrainIsCheckedAgainstTheDataBeforeAnyTrains() {
    // 200 images split into 190 train and 10 validation: a batch of 100 fits, 500 does not.
    ExperimentPlan plan = new ExperimentPlan(List.of(plan(100, 1, "fits").experiments().get(0),
        plan(500, 1, "too-big").experiments().get(0)));
    // before anything is launched, from the size of the data alone
    List<Path> launched = new ArrayList<>();
    InvalidExperimentsException failure = assertThrows(InvalidExperimentsException.class,
        () -> recording(false, launched).run(plan, data, listener));
    assertEquals(List.of("experiment 'too-big': batchSize 500 is larger than the 190 training"
        + " images: not one full batch to train on"), failure.problems());
    assertEquals(List.of(), launched);
    assertEquals(List.of(), trained);
  }
}
