package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.PreparedData;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFilesTest {

  @TempDir Path dir;

  private FrozenPlan plan() {
    ExperimentPlan plan = ExperimentPlan.resolve(ExperimentSettings.none(), List.of(
        new ExperimentDeclaration("bn-rc", "VGG38 BN + RC", new ExperimentSettings(Map.of(
            "model", "vgg38", "batchNorm", "all", "residual", "true", "learningRate", "1e-2",
            "epochs", "3", "batchSize", "50", "seed", "7", "augment", "false", "trainLimit", "500",
            "evalLimit", "200")))), PlanOverrides.none(), DataShape.cifar100());
    return new FrozenPlan(plan.experiments().get(0), new PreparedData(DatasetKind.CIFAR100,
        dir.resolve("data"), "md5:03b5dce01913d631647c71ecec9e9cb8"), "1.2.3", dir.resolve("out"),
        List.of("toy.sh", "toy-*.log"));
  }

  @Test
  void aPlanReadsBackAsWritten() {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.resultsDirectory());
    assertEquals(plan.resultsDirectory().resolve("plan.json"), plan.file());
    FrozenPlan read = PlanFiles.readPlan(plan.file());
    assertEquals(plan, read);
    assertEquals(plan.fingerprint(), read.fingerprint());
  }

  @Test
  void aPlanWrittenBeforeItNamedTheFilesToKeepKeepsNone() throws Exception {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.resultsDirectory());
    String text = Files.readString(plan.file());
    String keep = ",\n  \"keep\": [ \"toy.sh\", \"toy-*.log\" ]";
    assertTrue(text.contains(keep), text);
    Files.writeString(plan.file(), text.replace(keep, ""));
    FrozenPlan older = PlanFiles.readPlan(plan.file());
    assertEquals(List.of(), older.keep());
    assertEquals(plan.fingerprint(), older.fingerprint(), "the files kept are not the run's");
  }

  @Test
  void anEditedPlanIsRefusedRatherThanRunUnderAFingerprintThatIsNotItsOwn() throws Exception {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.resultsDirectory());
    Files.writeString(plan.file(),
        Files.readString(plan.file()).replace("\"epochs\": 3", "\"epochs\": 4"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PlanFiles.readPlan(plan.file()));
    assertTrue(e.getMessage().contains("was changed after vgp:train wrote it"), e.getMessage());
  }

  @Test
  void aPlanCutShortOrEmptiedIsNamedWithWhatToDo() throws Exception {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.resultsDirectory());
    String text = Files.readString(plan.file());
    for (String damaged : new String[] {text.substring(0, text.length() / 2), ""}) {
      Files.writeString(plan.file(), damaged);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PlanFiles.readPlan(plan.file()));
      assertTrue(e.getMessage().startsWith(plan.file() + " does not parse (line "),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("): vgp writes it whole, so it was cut short or edited;"
          + " run the goal that wrote it again (vgp:train, or vgp:submit for a cluster job),"
          + " which writes it anew"), e.getMessage());
    }
  }

  @Test
  void tasksReadBackAsWritten() {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.resultsDirectory());
    AtInitialisationPlan atInit = new AtInitialisationPlan(List.of(plan, plan), 5);
    PlanFiles.write(atInit, dir);
    assertEquals(atInit, TaskKind.AT_INITIALISATION.read(dir.resolve(atInit.kind().file())));

    BenchmarkPlan benchmark = new BenchmarkPlan(DatasetKind.FASHION_MNIST,
        new ModelBenchmark.Steps(1, 2, 3), List.of(new ModelBenchmark.Candidate("VGG38 BN + RC",
            plan.experiment().model(), plan.experiment().training())), dir.resolve("b.csv"));
    PlanFiles.write(benchmark, dir);
    assertEquals(benchmark, TaskKind.BENCHMARK.read(dir.resolve("benchmark-plan.json")));
    assertEquals(plan, TaskKind.TRAIN.read(plan.file()));
  }
}
