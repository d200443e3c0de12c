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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    List<ExperimentRunner.Frozen> frozen = runner(out).freeze(plan("a", "b"), data(),
        new RunLog(new RecordingSink(), Duration.ZERO));
    assertEquals(List.of("a", "b"), frozen.stream().map(f -> f.plan().experiment().id()).toList());
    assertEquals(RunDecision.Action.TRAIN, frozen.get(0).decision().action());
    assertEquals(frozen.get(1).plan(), PlanFiles.readPlan(out.resolve("b/plan.json")));
    assertEquals(List.of("TRAIN a", "TRAIN b"), prepared);
    assertTrue(Files.notExists(out.resolve("a/experiment.json")), "nothing ran");
  }

  @Test
  void anExperimentAnotherRunWritesIsNotReplanned() throws Exception {
    Path out = dir.resolve("out");
    try (WriterLock held = WriterLock.acquire(out.resolve("a"), WriterLock.Policy.failFast(),
        new RecordingSink())) {
      assertThrows(WriterLock.HeldException.class, () -> runner(out).freeze(plan("a"), data(),
          new RunLog(new RecordingSink(), Duration.ZERO)));
    }
    assertTrue(Files.notExists(out.resolve("a/plan.json")));
  }
}
