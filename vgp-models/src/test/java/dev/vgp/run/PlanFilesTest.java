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
        dir.resolve("data"), "md5:03b5dce01913d631647c71ecec9e9cb8"), "1.2.3", dir.resolve("out"));
  }

  @Test
  void aPlanReadsBackAsWritten() {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.file());
    assertEquals(plan.resultsDirectory().resolve("plan.json"), plan.file());
    FrozenPlan read = PlanFiles.readPlan(plan.file());
    assertEquals(plan, read);
    assertEquals(plan.fingerprint(), read.fingerprint());
  }

  @Test
  void anEditedPlanIsRefusedRatherThanRunUnderAFingerprintThatIsNotItsOwn() throws Exception {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.file());
    Files.writeString(plan.file(),
        Files.readString(plan.file()).replace("\"epochs\": 3", "\"epochs\": 4"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PlanFiles.readPlan(plan.file()));
    assertTrue(e.getMessage().contains("was changed after vgp:train wrote it"), e.getMessage());
  }

  @Test
  void aPlanCutShortOrEmptiedIsNamedWithWhatToDo() throws Exception {
    FrozenPlan plan = plan();
    PlanFiles.write(plan, plan.file());
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
    PlanFiles.AtInitialisation atInit = new PlanFiles.AtInitialisation(List.of(plan, plan), 5);
    Path file = dir.resolve("at-init.json");
    PlanFiles.write(atInit, file);
    assertEquals(atInit, PlanFiles.readAtInitialisation(file));

    PlanFiles.Benchmark benchmark = new PlanFiles.Benchmark(DatasetKind.FASHION_MNIST,
        new ModelBenchmark.Steps(1, 2, 3), List.of(new ModelBenchmark.Candidate("VGG38 BN + RC",
            plan.experiment().model(), plan.experiment().training())), dir.resolve("b.csv"));
    PlanFiles.write(benchmark, file);
    assertEquals(benchmark, PlanFiles.readBenchmark(file));
  }
}
