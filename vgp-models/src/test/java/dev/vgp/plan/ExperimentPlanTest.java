package dev.vgp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.BranchInit;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

  private static final ExperimentSettings NONE = ExperimentSettings.none();
  private static final DataShape CIFAR = DataShape.cifar100();

  /** Settings declaring a model and optionally a learning rate, the rest left to the defaults. */
  private static ExperimentSettings model(String model, String batchNorm, Boolean residual,
      Double learningRate) {
    Map<String, String> settings = new LinkedHashMap<>();
    put(settings, "model", model);
    put(settings, "batchNorm", batchNorm);
    put(settings, "residual", residual);
    put(settings, "learningRate", learningRate);
    return new ExperimentSettings(settings);
  }

  private static ExperimentSettings training(Integer epochs, Integer batchSize,
      Double learningRate, Integer trainLimit) {
    Map<String, String> settings = new LinkedHashMap<>();
    put(settings, "learningRate", learningRate);
    put(settings, "epochs", epochs);
    put(settings, "batchSize", batchSize);
    put(settings, "trainLimit", trainLimit);
    return new ExperimentSettings(settings);
  }

  private static void put(Map<String, String> settings, String name, Object value) {
    if (value != null) settings.put(name, value.toString());
  }

  @Test
  void experimentSettingsOverrideDefaultsWhichOverrideTheReference() {
    ExperimentSettings defaults = training(100, 50, 1e-3, null);
    ExperimentPlan plan = ExperimentPlan.resolve(defaults, List.of(
        new ExperimentDeclaration("vgg08", "VGG08", model("vgg08", null, null, null)),
        new ExperimentDeclaration("vgg38-bn-rc-1e-2", "VGG38 BN + RC",
            model("vgg38", "all", true, 1e-2))), PlanOverrides.none(), CIFAR);

    ExperimentDefinition vgg08 = plan.experiments().get(0);
    assertEquals(ModelSpec.vgg08(), vgg08.model());
    assertEquals(TrainingConfig.reference().with("batchSize", 50), vgg08.training());

    ExperimentDefinition bnRc = plan.experiments().get(1);
    assertEquals("VGG38 BN + RC", bnRc.label());
    assertEquals(ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
        .with("residual", true), bnRc.model());
    assertEquals(338_500, bnRc.model().parameterCount());
    assertEquals(1e-2, bnRc.training().learningRate());
    assertEquals(50, bnRc.training().batchSize());
    assertEquals(100, bnRc.training().epochs());
  }

  @Test
  void commandLineRunLengthOverridesEveryExperimentAndTheLabelDefaultsToTheId() {
    ExperimentPlan plan = ExperimentPlan.resolve(training(100, null, null, null),
        List.of(new ExperimentDeclaration("a", null,
                model("vgg08", null, null, null).overriddenBy(training(50, null, null, 0))),
            new ExperimentDeclaration("b", " ", model("vgg38", null, null, null))),
        new PlanOverrides(List.of(), 2, 2000, 500), CIFAR);
    for (ExperimentDefinition e : plan.experiments()) {
      assertEquals(2, e.training().epochs());
      assertEquals(2000, e.training().trainLimit());
      assertEquals(500, e.training().evalLimit());
      assertEquals(e.id(), e.label());
    }
  }

  @Test
  void overSeedsEachSelectedExperimentIsFollowedByItsReplicatesEachWithItsOwnIdAndSeed() {
    ExperimentSettings seven = new ExperimentSettings(Map.of("seed", "7"));
    List<ExperimentDeclaration> declared = List.of(
        new ExperimentDeclaration("a", "A", model("vgg08", null, null, null)),
        new ExperimentDeclaration("b", "B", model("vgg38", null, null, null).overriddenBy(seven)));
    ExperimentPlan plan = ExperimentPlan.resolve(NONE, declared,
        new PlanOverrides(List.of("b", "a"), null, null, null, 3), CIFAR);
    assertEquals(List.of("a", "a-seed1", "a-seed2", "b", "b-seed8", "b-seed9"),
        plan.experiments().stream().map(ExperimentDefinition::id).toList());
    assertEquals(List.of(0L, 1L, 2L, 7L, 8L, 9L),
        plan.experiments().stream().map(e -> e.training().seed()).toList());
    ExperimentDefinition replicate = plan.experiments().get(4);
    assertEquals("B", replicate.label());
    assertEquals(plan.experiments().get(3).model(), replicate.model());
    assertEquals(plan.experiments().get(3).training().with("seed", 8L), replicate.training());
    // one seed is the plan as declared: the first replicate is the experiment itself
    assertEquals(plan.experiments().get(0), ExperimentPlan.resolve(NONE, declared,
        new PlanOverrides(List.of("a"), null, null, null), CIFAR).experiments().get(0));

    InvalidExperimentsException taken = assertThrows(InvalidExperimentsException.class,
        () -> ExperimentPlan.resolve(NONE, List.of(declared.get(0),
            new ExperimentDeclaration("a-seed1", null, model("vgg08", null, null, null))),
            new PlanOverrides(List.of(), null, null, null, 2), CIFAR));
    assertTrue(taken.getMessage().contains("experiment 'a' over 2 seeds needs the id 'a-seed1' "
        + "for a replicate, which another experiment is declared with"), taken.getMessage());
    InvalidExperimentsException none = assertThrows(InvalidExperimentsException.class,
        () -> ExperimentPlan.resolve(NONE, declared, new PlanOverrides(List.of(), null, null,
            null, 0), CIFAR));
    assertTrue(none.getMessage().contains("vgp.seeds must be at least 1, was 0"),
        none.getMessage());
  }

  @Test
  void aFullSpecificationRefinesTheNamedModelAndIsNamedByItsDepth() {
    ExperimentSettings tiny = new ExperimentSettings(Map.of("batchNorm", "processing_blocks",
        "residual", "true", "initialization", "HE", "stages", "2", "blocksPerStage", "1",
        "width", "8", "leakySlope", "0.2", "schedule", "constant", "seed", "7", "augment",
        "false"));
    ExperimentDefinition e = ExperimentPlan.resolve(NONE,
        List.of(new ExperimentDeclaration("tiny", null, tiny)), PlanOverrides.none(), CIFAR)
        .experiments().get(0);
    assertEquals(new ModelSpec("VGG10", 2, 1, 8, 100, 3, 32,
        BatchNormPlacement.PROCESSING_BLOCKS, true, 0.2, Initialization.HE, BranchInit.NONE), e.model());
    assertEquals(LearningRateSchedule.CONSTANT, e.training().schedule());
    assertEquals(7L, e.training().seed());
    assertEquals(false, e.training().augment());
  }

  @Test
  void everyProblemOfEveryExperimentIsReportedAtOnce() {
    InvalidExperimentsException failure = assertThrows(InvalidExperimentsException.class,
        () -> ExperimentPlan.resolve(training(null, 100, null, null), List.of(
            new ExperimentDeclaration("good", null, model("vgg08", null, null, null)),
            new ExperimentDeclaration("bad-model", null, model("vgg16", null, null, null)),
            new ExperimentDeclaration("bad-lr", null, model("vgg38", "sometimes", null, -0.01)),
            new ExperimentDeclaration("good", null, model("vgg08", null, null, null)),
            new ExperimentDeclaration(null, null, training(null, 300, null, 200))),
            new PlanOverrides(List.of("good", "missing"), null, null, null), CIFAR));

    List<String> problems = failure.problems();
    assertEquals(List.of(
        "experiment 'bad-model': model 'vgg16' is unknown: use one of vgg08, vgg38",
        "experiment 'bad-lr': batchNorm 'sometimes' is unknown: use one of none,"
            + " processing-blocks, all-block-convs, all",
        "experiment 'bad-lr': learningRate must be more than 0, was -0.01",
        "experiment 'good': id 'good' is declared more than once",
        "experiment #5: id is missing: every experiment needs an <id>, which names its results"
            + " directory",
        "experiment #5: model is missing: use <model>vgg08</model> or <model>vgg38</model>, or"
            + " give <blocksPerStage> for a custom depth",
        "experiment #5: batchSize 300 is larger than trainLimit 200: not one full batch to train"
            + " on",
        "vgp.experiments names 'missing', which is not declared; declared: good, bad-model,"
            + " bad-lr"), problems);
    assertTrue(failure.getMessage().startsWith("8 problems in the declared experiments"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("\n  - experiment 'bad-model': model 'vgg16'"));
  }

  @Test
  void aSubsetKeepsDeclarationOrderButEveryExperimentIsValidated() {
    List<ExperimentDeclaration> declared = List.of(
        new ExperimentDeclaration("a", null, model("vgg08", null, null, null)),
        new ExperimentDeclaration("b", null, model("vgg08", null, null, null)),
        new ExperimentDeclaration("c", null, model("vgg38", null, null, null)));
    ExperimentPlan plan = ExperimentPlan.resolve(NONE, declared,
        new PlanOverrides(List.of("c", "a"), null, null, null), CIFAR);
    assertEquals(List.of("a", "c"), plan.experiments().stream().map(ExperimentDefinition::id)
        .toList());

    List<ExperimentDeclaration> oneBroken = List.of(declared.get(0),
        new ExperimentDeclaration("b", null, model("vgg99", null, null, null)));
    assertThrows(InvalidExperimentsException.class, () -> ExperimentPlan.resolve(NONE,
        oneBroken, new PlanOverrides(List.of("a"), null, null, null), CIFAR));
  }

  @Test
  void noExperimentsIsAProblemAndIdsMustBeDirectoryNames() {
    assertEquals(List.of("no experiment is declared: add <experiments><experiment>... to the"
        + " plugin's configuration"), assertThrows(InvalidExperimentsException.class,
            () -> ExperimentPlan.resolve(NONE, List.of(), PlanOverrides.none(), CIFAR)).problems());
    assertEquals(List.of("experiment '../x': id '../x' must be letters, digits, '.', '_' or '-'"
        + " (it names a directory)"), assertThrows(InvalidExperimentsException.class,
            () -> ExperimentPlan.resolve(NONE, List.of(new ExperimentDeclaration("../x", null,
                model("vgg08", null, null, null))), PlanOverrides.none(), CIFAR)).problems());
  }

  @Test
  void modelsAreAdaptedToTheDataAndBatchesCheckedAgainstItsTrainingImages() {
    List<ExperimentDeclaration> declared = List.of(
        new ExperimentDeclaration("fits", null, model("vgg08", null, null, null)),
        new ExperimentDeclaration("big-batch", null,
            model("vgg08", null, null, null).overriddenBy(training(null, 500, null, null))));
    ExperimentPlan plan = ExperimentPlan.resolve(training(null, 100, null, null), declared,
        PlanOverrides.none(), new DataShape(1, 32, 10));
    ModelSpec adapted = plan.experiments().get(0).model();
    assertEquals(List.of(1, 32, 10),
        List.of(adapted.inputChannels(), adapted.imageSize(), adapted.numClasses()));

    plan.requireFits(500);
    assertEquals(List.of("experiment 'big-batch': batchSize 500 is larger than the 400 training"
        + " images: not one full batch to train on"), assertThrows(
            InvalidExperimentsException.class, () -> plan.requireFits(400)).problems());

    assertEquals(List.of(
        "experiment 'fits': imageSize 28 must be a positive multiple of 2^stages = 8 (each stage"
            + " halves the resolution)",
        "experiment 'big-batch': imageSize 28 must be a positive multiple of 2^stages = 8 (each"
            + " stage halves the resolution)"), assertThrows(InvalidExperimentsException.class,
                () -> ExperimentPlan.resolve(NONE, declared, PlanOverrides.none(),
                    new DataShape(1, 28, 10))).problems());
  }
}
