package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** A launcher that records what it prepares and fails if asked to train. */
  private final ExperimentRunner.Launcher launcher = new ExperimentRunner.Launcher() {
    @Override
    public void run(ChildTask task, Path directory) {
      throw new AssertionError("freeze must not train");
    }

    @Override
    public void prepare(ChildTask task, Path directory) {
      prepared.add(task + " " + directory.getFileName());
    }
  };

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
    List<ExperimentRunner.Frozen> frozen = ExperimentRunner.inProcesses(out,
        ExperimentRunner.Options.defaults(), launcher).freeze(plan("a", "b"), data(), false, m -> {});
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
    FrozenPlan planned = ExperimentRunner.inProcesses(out, force, launcher)
        .freeze(plan("a"), data(), true, m -> {}).get(0).plan();
    ResultsDirectory results = new ResultsDirectory(out.resolve("a"));
    results.writeExperiment(planned.running().withStatus(ExperimentRecord.FINISHED, Map.of()));

    List<String> log = new ArrayList<>();
    List<ExperimentRunner.Frozen> frozen = ExperimentRunner.inProcesses(out, force, launcher)
        .freeze(plan("a"), data(), true, log::add);
    assertEquals(RunDecision.Action.RESTART, frozen.get(0).decision().action());
    assertTrue(results.readExperiment().orElseThrow().finished(), "the finished run stays");
    assertTrue(Files.notExists(out.resolve(ExperimentRunner.REPLACED)));
    assertTrue(log.contains("a: dry run: its earlier results stay where they are; a submission"
        + " sets them aside"), log.toString());

    ExperimentRunner.inProcesses(out, force, launcher).freeze(plan("a"), data(), false, log::add);
    assertTrue(results.readExperiment().isEmpty(), "a submission sets them aside");
    try (Stream<Path> replaced = Files.list(out.resolve(ExperimentRunner.REPLACED))) {
      assertEquals(1, replaced.count());
    }
  }

  @Test
  void anExperimentAnotherRunWritesIsNotReplanned() throws Exception {
    Path out = dir.resolve("out");
    try (WriterLock held = WriterLock.acquire(out.resolve("a"), WriterLock.Policy.failFast(),
        m -> {})) {
      assertThrows(WriterLock.HeldException.class, () -> ExperimentRunner.inProcesses(out,
          ExperimentRunner.Options.defaults(), launcher).freeze(plan("a"), data(), false, m -> {}));
    }
    assertTrue(Files.notExists(out.resolve("a/plan.json")));
  }

  @Test
  void onlyARunnerOfTrainingProcessesFreezes() {
    assertThrows(IllegalStateException.class, () -> new ExperimentRunner(dir, false,
        ExperimentRunner.Engine.tensorFlow()).freeze(plan("a"), data(), false, m -> {}));
  }
}
