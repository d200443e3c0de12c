package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.files.RecordingSink;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.SetAside;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning for a scheduler: {@link ExperimentRunner#freeze} writes the plans, trains nothing. */
class FreezeTest {

  @TempDir
  Path dir;

  private final List<String> prepared = new ArrayList<>();

  /** A launcher that writes and records what it prepares and fails if asked to train. */
  private final Launcher launcher = new Launcher() {
    @Override
    public void run(Task task, Path directory) {
      throw new AssertionError("freeze must not train");
    }

    @Override
    public void prepare(Task task, Path directory) {
      PlanFiles.write(task, directory);
      prepared.add(task.kind() + " " + directory.getFileName());
    }
  };

  private ExperimentRunner runner(Path out) {
    return new ExperimentRunner(out, ExperimentRunner.Options.defaults(), launcher);
  }

  private ExperimentPlan plan(String... ids) {
    return ExperimentPlan.resolve(ExperimentSettings.none(), List.of(ids).stream()
        .map(id -> new ExperimentDeclaration(id, id, new ExperimentSettings(Map.of(
            "model", "vgg08", "width", "8", "epochs", "2", "batchSize", "10"))))
        .toList(), PlanOverrides.none(), DataShape.cifar100());
  }

  private FetchRequest data() {
    Path archive = dir.resolve("cifar-100-binary.tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 100, 20, 0);
    return new FetchRequest(DatasetKind.CIFAR100, dir.resolve("cache"), null, checksum, archive,
        null, true, List.of());
  }

  @Test
  void eachExperimentToTrainGetsItsPlanAndLaunchScriptAndNothingTrains() {
    Path out = dir.resolve("out");
    List<ExperimentRunner.Frozen> frozen = runner(out).freeze(plan("a", "b"), data(), false,
        List.of(), new RunLog(new RecordingSink(), Duration.ZERO));
    assertEquals(List.of("a", "b"), frozen.stream().map(f -> f.plan().experiment().id()).toList());
    assertEquals(RunDecision.Action.TRAIN, frozen.get(0).decision().action());
    assertEquals(frozen.get(1).plan(), PlanFiles.readPlan(out.resolve("b/plan.json")));
    assertEquals(List.of("TRAIN a", "TRAIN b"), prepared);
    assertTrue(Files.notExists(out.resolve("a/experiment.json")), "nothing ran");
  }

  @Test
  void aDryRunLeavesEarlierResultsThatMustGoWhereTheyAre() throws Exception {
    Path out = dir.resolve("out");
    ExperimentRunner.Options force = new ExperimentRunner.Options(true,
        WriterLock.Policy.failFast(), true);
    RecordingSink sink = new RecordingSink();
    RunLog log = new RunLog(sink, Duration.ZERO);
    FrozenPlan planned = new ExperimentRunner(out, force, launcher)
        .freeze(plan("a"), data(), true, List.of(), log).get(0).plan();
    ResultsDirectory results = new ResultsDirectory(out.resolve("a"));
    results.writeExperiment(planned.running().withStatus(ExperimentRecord.Status.FINISHED,
        ExperimentRecord.Environment.NONE));

    List<ExperimentRunner.Frozen> frozen = new ExperimentRunner(out, force, launcher)
        .freeze(plan("a"), data(), true, List.of(), log);
    assertEquals(RunDecision.Action.RESTART, frozen.get(0).decision().action());
    assertTrue(results.readExperiment().orElseThrow().finished(), "the finished run stays");
    assertTrue(Files.notExists(out.resolve(SetAside.REPLACED)));
    assertTrue(sink.lines.contains("a: dry run: its earlier results stay where they are; a"
        + " submission sets them aside"), sink.lines.toString());

    new ExperimentRunner(out, force, launcher).freeze(plan("a"), data(), false, List.of(),
        log);
    assertTrue(results.readExperiment().isEmpty(), "a submission sets them aside");
    try (Stream<Path> replaced = Files.list(out.resolve(SetAside.REPLACED))) {
      assertEquals(1, replaced.count());
    }
  }

  @Test
  void theSchedulersFilesOfTheJobUnderWayStayWhenEarlierResultsAreSetAside() throws Exception {
    Path out = dir.resolve("out");
    ExperimentRunner.Options force = new ExperimentRunner.Options(true,
        WriterLock.Policy.failFast(), true);
    RunLog log = new RunLog(new RecordingSink(), Duration.ZERO);
    // a scheduler's names, which run knows only as the patterns it is handed
    List<String> keep = List.of("toy.sh", "toy-job", "toy-*.log");
    FrozenPlan planned = new ExperimentRunner(out, force, launcher)
        .freeze(plan("a"), data(), false, keep, log).get(0).plan();
    assertEquals(keep, PlanFiles.readPlan(out.resolve("a/plan.json")).keep(),
        "the job's training process sets aside by the plan too");
    ResultsDirectory results = new ResultsDirectory(out.resolve("a"));
    results.writeExperiment(planned.running().withStatus(ExperimentRecord.Status.FINISHED,
        ExperimentRecord.Environment.NONE));
    for (String file : new String[] {"toy.sh", "toy-job", "toy-7.log", "toy-notes.txt"}) {
      Files.writeString(out.resolve("a").resolve(file), file);
    }

    new ExperimentRunner(out, force, launcher).freeze(plan("a"), data(), false, keep, log);
    assertTrue(results.readExperiment().isEmpty(), "the finished run was set aside");
    for (String file : new String[] {"toy.sh", "toy-job", "toy-7.log"}) {
      assertTrue(Files.exists(out.resolve("a").resolve(file)), file);
    }
    assertTrue(Files.notExists(out.resolve("a/toy-notes.txt")), "not the job's: set aside");
  }

  @Test
  void anExperimentAnotherRunWritesIsNotReplanned() throws Exception {
    Path out = dir.resolve("out");
    try (WriterLock held = WriterLock.acquire(out.resolve("a"), WriterLock.Policy.failFast(),
        new RecordingSink())) {
      assertThrows(WriterLock.HeldException.class, () -> runner(out).freeze(plan("a"), data(),
          false, List.of(), new RunLog(new RecordingSink(), Duration.ZERO)));
    }
    assertTrue(Files.notExists(out.resolve("a/plan.json")));
  }
}
