package dev.vgp.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.expectations.ExpectationDeclaration;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The POM beans reach the core unchanged, and command-line lists parse forgivingly. */
class PomConfigurationTest {

  @Test
  void everyDeclaredFieldReachesTheCoreAndAbsentOnesStayAbsent() {
    Experiment e = new Experiment();
    e.id = "vgg38-bn-rc-1e-2";
    e.label = "VGG38 BN + RC";
    e.model = "vgg38";
    e.batchNorm = "all";
    e.residual = true;
    e.initialization = "he";
    e.stages = 3;
    e.blocksPerStage = 5;
    e.width = 32;
    e.leakySlope = 0.01;
    e.learningRate = 1e-2;
    e.schedule = "cosine";
    e.minLearningRate = 2e-5;
    e.epochs = 100;
    e.batchSize = 100;
    e.seed = 0L;
    e.augment = true;
    e.weightDecay = 0.0;
    e.trainLimit = 2000;

    assertEquals(new ExperimentDeclaration("vgg38-bn-rc-1e-2", "VGG38 BN + RC",
        new ExperimentSettings("vgg38", "all", true, "he", 3, 5, 32, 0.01, 1e-2, "cosine", 2e-5,
            100, 100, 0L, true, 0.0, 2000, null)), e.toDeclaration());
    assertEquals(ExperimentSettings.none(), new Settings().toSettings());
  }

  @Test
  void everyExpectationFieldReachesTheCore() {
    Expectation e = new Expectation();
    e.name = "VGG38 BN + RC matches the last good build";
    e.kind = "matchesBaseline";
    e.experiment = "vgg38-bn-rc-1e-2";
    e.experiments = "a,b";
    e.than = "c";
    e.epoch = "best";
    e.metric = "test_acc";
    e.comparator = "near";
    e.value = 61.0;
    e.tolerance = 1.0;
    e.ratioBelow = 1e-6;
    e.baseline = new File("baseline");
    e.fullRunOnly = true;

    assertEquals(new ExpectationDeclaration("VGG38 BN + RC matches the last good build",
        "matchesBaseline", "vgg38-bn-rc-1e-2", "a,b", "c", "best", "test_acc", "near", 61.0, 1.0,
        1e-6, Path.of("baseline"), true), e.toDeclaration());
    assertEquals(new ExpectationDeclaration(null, null, null, null, null, null, null, null, null,
        null, null, null, null), new Expectation().toDeclaration());
  }

  @Test
  void commaSeparatedListsIgnoreSpacesAndEmptyEntries() {
    assertEquals(List.of("vgg08", "vgg38-bn"),
        AbstractVgpMojo.commaSeparated(" vgg08, ,vgg38-bn,"));
    assertEquals(List.of(), AbstractVgpMojo.commaSeparated(null));
  }
}
