package dev.vgp.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.expectations.ExpectationDeclaration;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The <expectation> bean reaches the core unchanged, and command-line lists parse forgivingly. */
class PomConfigurationTest {

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
    e.timesChance = 3.0;
    e.margin = 2.0;
    e.seeds = "mean";
    e.knownToFail = "at this scale";

    assertEquals(new ExpectationDeclaration("VGG38 BN + RC matches the last good build",
        "matchesBaseline", "vgg38-bn-rc-1e-2", "a,b", "c", "best", "test_acc", "near", 61.0, 3.0,
        1.0, 1e-6, Path.of("baseline"), 2.0, "mean", true, "at this scale"), e.toDeclaration());
    assertEquals(new ExpectationDeclaration(null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null), new Expectation().toDeclaration());
  }

  @Test
  void commaSeparatedListsIgnoreSpacesAndEmptyEntries() {
    assertEquals(List.of("vgg08", "vgg38-bn"),
        AbstractVgpMojo.commaSeparated(" vgg08, ,vgg38-bn,"));
    assertEquals(List.of(), AbstractVgpMojo.commaSeparated(null));
  }
}
