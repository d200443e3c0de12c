package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vgp.data.DatasetKind;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.train.BenchmarkResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBenchmarkTest {

  @TempDir Path dir;

  private static ExperimentDeclaration declare(String id, String model, String batchNorm,
      Double learningRate) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("model", model);
    if (batchNorm != null) settings.put("batchNorm", batchNorm);
    if (learningRate != null) settings.put("learningRate", learningRate.toString());
    return new ExperimentDeclaration(id, id.toUpperCase(), new ExperimentSettings(settings));
  }

  @Test
  void experimentsThatDifferOnlyInLearningRateShareOneMeasurement() {
    ExperimentPlan plan = ExperimentPlan.resolve(ExperimentSettings.none(), List.of(
        declare("vgg38-bn-1e-2", "vgg38", "all", 1e-2),
        declare("vgg38-bn-1e-3", "vgg38", "all", 1e-3),
        declare("vgg08", "vgg08", null, null)), PlanOverrides.none(), DataShape.cifar100());
    assertEquals(List.of("VGG38-BN-1E-2", "VGG08"),
        ModelBenchmark.candidates(plan).stream().map(ModelBenchmark.Candidate::name).toList());
  }

  @Test
  void namedModelsTakeBnAndRcSuffixesAndTheDefaultsTraining() {
    ExperimentSettings defaults = new ExperimentSettings(
        Map.of("epochs", "10", "batchSize", "64"));
    List<ModelBenchmark.Candidate> candidates = ModelBenchmark.candidates(
        List.of("vgg08", "VGG38-bn-rc"), defaults, PlanOverrides.none(), new DataShape(1, 32, 10));
    assertEquals(ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
        .with("residual", true).forData(1, 32, 10), candidates.get(1).model());
    assertEquals(64, candidates.get(0).training().batchSize());
    assertEquals(10, candidates.get(0).training().epochs());

    assertEquals(List.of("vgp.models names 'vgg16': use vgg08 or vgg38, optionally with -bn and"
            + " -rc, e.g. vgg38-bn-rc", "vgp.models names 'vgg38-xx': use vgg08 or vgg38,"
            + " optionally with -bn and -rc, e.g. vgg38-bn-rc"),
        assertThrows(InvalidExperimentsException.class, () -> ModelBenchmark.candidates(
            List.of("vgg16", "vgg38-xx"), ExperimentSettings.none(), PlanOverrides.none(),
            DataShape.cifar100())).problems());
  }

  @Test
  void estimatesAnEpochAsTrainingStepsPlusAValidationPassAndWritesTheCsv() throws Exception {
    ModelSpec vgg38 = ModelSpec.vgg38();
    ModelBenchmark.Candidate candidate = new ModelBenchmark.Candidate("VGG38", vgg38,
        TrainingConfig.reference());
    BenchmarkResult result = new BenchmarkResult(vgg38, 100, 1.25, 250, 240, 270, 400, 12.5,
        "CPU:0");
    ModelBenchmark.Row row = new ModelBenchmark(DatasetKind.CIFAR100).estimate(candidate, result);
    // 475 training steps of 250 ms and 25 validation batches at a third of that.
    double epochMs = 475 * 250 + 25 * 250 / 3.0;
    assertEquals(epochMs / 60_000, row.epochMinutes(), 1e-9);
    assertEquals((100 * epochMs + 100 * 250 / 3.0) / 3_600_000, row.runHours(), 1e-9);

    // evalLimit 500 (with trainLimit 1000): 10 steps, 5 validation and 5 test batches
    ModelBenchmark.Row quick = new ModelBenchmark(DatasetKind.CIFAR100).estimate(
        new ModelBenchmark.Candidate("VGG38", vgg38, TrainingConfig.reference()
            .with("trainLimit", 1000).with("evalLimit", 500).with("epochs", 2)), result);
    double quickEpochMs = 10 * 250 + 5 * 250 / 3.0;
    assertEquals(quickEpochMs / 60_000, quick.epochMinutes(), 1e-9);
    assertEquals((2 * quickEpochMs + 5 * 250 / 3.0) / 3_600_000, quick.runHours(), 1e-9);

    Path csv = dir.resolve("benchmark.csv");
    ModelBenchmark.writeCsv(List.of(row), "AMD EPYC, 2 cores, avx2 fma", csv);
    assertEquals(List.of("model,params,gflops_per_image,start_seconds,ms_per_step_median,"
            + "ms_per_step_min,ms_per_step_max,images_per_sec,gflops_per_sec,epoch_minutes,"
            + "run_hours,device,cpu",
        String.format(java.util.Locale.ROOT, "VGG38,336196,%.6f,1.25,250.000,240.000,270.000,"
                + "400.0,12.500,%.3f,%.4f,CPU:0,\"AMD EPYC, 2 cores, avx2 fma\"",
            vgg38.trainingFlopsPerImage() / 1e9,
            row.epochMinutes(), row.runHours())), Files.readAllLines(csv));

    List<String> table = ModelBenchmark.table(List.of(row));
    assertEquals(2, table.size());
    assertEquals(true, table.get(1).startsWith("VGG38"), table.get(1));
    assertEquals(true, table.get(1).contains("336,196"), table.get(1));
    assertEquals(true, table.get(1).endsWith("CPU:0"), table.get(1));
  }
}
