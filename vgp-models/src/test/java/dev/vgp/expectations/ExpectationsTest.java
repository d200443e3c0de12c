package dev.vgp.expectations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.ReferenceTable;
import dev.vgp.analysis.RunLength;
import dev.vgp.expectations.Outcome.Verdict;
import dev.vgp.report.ReportGenerator;
import dev.vgp.report.ReportRequest;
import dev.vgp.report.StudyFixture;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The study's findings checked over recorded results shaped like the paper's (StudyFixture: plain
 * VGG38 vanishing, the cured variants healthy, VGG38 BN at 1e-3 unfinished).
 */
class ExpectationsTest {

  private static final String CURED =
      "vgg38-bn-1e-2, vgg38-rc, vgg38-bn-rc-1e-3, vgg38-bn-rc-1e-2";

  @TempDir Path tmp;
  private List<Path> directories;

  @BeforeEach
  void recordStudy() {
    directories = new ArrayList<>(StudyFixture.writeStudy(tmp.resolve("results"), 3));
  }

  @Test
  void theStudysFindingsHoldOnResultsShapedLikeThePapers() {
    Outcomes outcomes = evaluate(
        declare("vanishes", "vgg38", d -> d.epoch("init")),
        declare("vanishes", "vgg38", d -> d.epoch("0").ratioBelow(1e-10)),
        declare("noVanishing", "vgg38-bn-rc-1e-2", d -> d),
        declare("beats", null, d -> d.experiments(CURED).than("vgg08")),
        declare("nearPaper", "vgg38-bn-rc-1e-2", d -> d.tolerance(0.5)),
        declare("metric", "vgg08", d -> d.metric("best val_acc").comparator("atLeast")
            .value(40.0)),
        declare("metric", "vgg38", d -> d.metric("gradient_ratio").epoch("init")
            .comparator("below").value(1e-12)));
    assertEquals(List.of(), outcomes.failed(), String.join("\n", outcomes.table()));
    assertEquals(7, outcomes.count(Verdict.PASSED));

    Outcome atInit = outcomes.outcomes().get(0);
    assertEquals("vgg38 vanishes at init", atInit.name());
    assertTrue(atInit.measured().startsWith("vanishing at init from "), atInit.measured());
    assertTrue(outcomes.outcomes().get(3).measured()
        .startsWith("VGG38 BN + RC (1e-2) 61.36% against VGG08 (1e-3) 46.84%"),
        outcomes.outcomes().get(3).measured());
    assertEquals("61.36% (paper 61.36%, difference +0.00)",
        outcomes.outcomes().get(4).measured());
  }

  @Test
  void claimsTheResultsContradictFailWithWhatWasMeasured() {
    Outcomes outcomes = evaluate(
        declare("vanishes", "vgg08", d -> d),
        declare("noVanishing", "vgg38", d -> d),
        declare("beats", null, d -> d.experiments("vgg08").than("vgg38-bn-rc-1e-2")),
        declare("metric", "vgg38", d -> d.metric("test_acc").comparator("near").value(50.0)
            .tolerance(5.0)));
    assertEquals(4, outcomes.failed().size(), String.join("\n", outcomes.table()));
    assertTrue(outcomes.outcomes().get(0).measured().startsWith("healthy at epoch 2"),
        outcomes.outcomes().get(0).measured());
    assertTrue(outcomes.outcomes().get(1).measured().startsWith("vanishing at init"),
        outcomes.outcomes().get(1).measured());
    assertEquals("0.70%", outcomes.outcomes().get(3).measured());
    assertEquals("test_acc within 5.00 points of 50.00%", outcomes.outcomes().get(3).expected());
  }

  @Test
  void aMissingUnfinishedOrDivergedRunFailsWithTheReasonNeverPasses() throws Exception {
    Path diverged = directories.get(0);
    rewriteRecord(diverged, r -> r.withStatus(ExperimentRecord.Status.DIVERGED, r.environment()));
    directories.add(tmp.resolve("results/never-ran"));
    Outcomes outcomes = evaluate(
        declare("noVanishing", "vgg08", d -> d),
        declare("beats", null, d -> d.experiments("vgg38-bn-1e-3, vgg38-rc").than("vgg38")),
        declare("vanishes", "never-ran", d -> d.fullRunOnly(true)),
        declare("vanishes", "not-declared", d -> d),
        declare("vanishes", "vgg38", d -> d.epoch("7")));
    assertEquals(5, outcomes.failed().size(), String.join("\n", outcomes.table()));
    List<String> reasons = outcomes.outcomes().stream().map(Outcome::reason).toList();
    assertEquals("vgg08 did not finish: its status is diverged", reasons.get(0));
    assertEquals("vgg38-bn-1e-3 did not finish: its status is running", reasons.get(1));
    assertTrue(reasons.get(2).startsWith("never-ran was not run: "), reasons.get(2));
    assertTrue(reasons.get(3).startsWith("no results for not-declared"), reasons.get(3));
    assertEquals("vgg38 has no gradient flow at epoch 7 (recorded: init, epoch 0, epoch 1, "
        + "epoch 2)", reasons.get(4));
  }

  @Test
  void claimsThatNeedAFullRunAreSkippedOnShortenedRunsWithTheReason() throws Exception {
    for (Path vgg08AndVgg38 : directories.subList(0, 2)) {
      rewriteRecord(vgg08AndVgg38, r -> new ExperimentRecord(r.id(), r.label(), r.status(),
          r.model(), r.training().with("trainLimit", 1000).with("evalLimit", 500), r.dataset(),
          r.dataChecksum(), r.vgpVersion(), r.environment()));
    }
    Study study = Study.of(load(), ReferenceTable.shipped(), Map.of("vgg38-bn-rc-1e-2", 100));
    Outcomes outcomes = Expectations.evaluate(Expectations.resolve(List.of(
        declare("beats", null, d -> d.experiments(CURED).than("vgg08, vgg38").fullRunOnly(true)),
        declare("nearPaper", "vgg38-bn-rc-1e-2", d -> d.tolerance(1.0)),
        declare("metric", "vgg38-bn-rc-1e-2", d -> d.name("trained long enough").metric(
            "best val_acc").comparator("atLeast").value(40.0)))),
        study);
    assertEquals(List.of(Verdict.SKIPPED, Verdict.SKIPPED, Verdict.PASSED),
        outcomes.outcomes().stream().map(Outcome::verdict).toList());
    assertEquals("too short to say: vgg38-bn-rc-1e-2: shortened (for 3 of 100 epochs), and the "
        + "claim needs a full run; vgg08, vgg38: shortened (trained on the first 1,000 images, "
        + "evaluated on 500), and the claim needs a full run",
        outcomes.outcomes().get(0).reason());
    assertEquals(outcomes.outcomes().get(0).reason().replace("vgg08, vgg38: ", "")
        .replace("; shortened (trained on the first 1,000 images, evaluated on 500), and the "
            + "claim needs a full run", ""), outcomes.outcomes().get(1).reason(),
        "nearPaper needs a full run without being told");
  }

  @Test
  void claimsAboutTrainingAreTooShortToSayBelowTheStepsTheyNeed() throws Exception {
    // the quick profile: 2 epochs of 1,000 images in batches of 100, 20 steps
    for (Path run : directories) {
      rewriteRecord(run, r -> new ExperimentRecord(r.id(), r.label(), r.status(), r.model(),
          r.training().with("epochs", 2).with("trainLimit", 1000), r.dataset(),
          r.dataChecksum(), r.vgpVersion(), r.environment()));
    }
    Outcomes outcomes = evaluate(
        declare("vanishes", "vgg38", d -> d.epoch("init")),
        declare("metric", "vgg38", d -> d.metric("best val_acc").comparator("below")
            .timesChance(5.0)),
        declare("beats", null, d -> d.experiments(CURED).than("vgg08")));
    assertEquals(List.of(Verdict.PASSED, Verdict.SKIPPED, Verdict.SKIPPED),
        outcomes.outcomes().stream().map(Outcome::verdict).toList(),
        String.join("\n", outcomes.table()));
    assertEquals("too short to say: vgg38: trained for 20 steps (2 epochs of 1,000 images, "
        + "batch 100), fewer than the " + RunLength.MIN_TRAINING_STEPS + " a finding about "
        + "training needs", outcomes.outcomes().get(1).reason());

    // 10 epochs of the same images are 100 steps: still too short; 20 epochs are long enough
    for (int epochs : new int[] {10, 20}) {
      for (Path run : directories) {
        rewriteRecord(run, r -> new ExperimentRecord(r.id(), r.label(), r.status(), r.model(),
            r.training().with("epochs", epochs), r.dataset(), r.dataChecksum(), r.vgpVersion(),
            r.environment()));
      }
      Verdict verdict = evaluate(declare("metric", "vgg38", d -> d.metric("best val_acc")
          .comparator("below").timesChance(5.0))).outcomes().get(0).verdict();
      assertEquals(epochs * 10 >= RunLength.MIN_TRAINING_STEPS ? Verdict.PASSED
          : Verdict.SKIPPED, verdict, epochs + " epochs");
    }
  }

  @Test
  void overSeedsAClaimHoldsAtEverySeedOrOnTheMeanAsItSays() {
    // VGG08 at 46.84% and VGG38 BN at 1e-2 at 46.72% on average, drifting apart by 5 points a
    // seed: VGG08 leads at seeds 0 and 1, BN at seed 2; VGG38 RC is 52.32% at every seed
    List<Path> seeded = StudyFixture.writeSeeds(tmp.resolve("seeds"), 3, 3, 0.05);
    Map<String, List<String>> replicates = new java.util.LinkedHashMap<>();
    for (StudyFixture.Run run : StudyFixture.RUNS) {
      replicates.put(run.id(), List.of(run.id(), run.id() + "-seed1", run.id() + "-seed2"));
    }
    Study study = Study.of(seeded.stream().map(ExperimentResults::load).toList(),
        ReferenceTable.shipped(), Map.of()).withReplicates(replicates);
    assertEquals(3, study.seeds());
    Outcomes outcomes = Expectations.evaluate(Expectations.resolve(List.of(
        declare("vanishes", "vgg38", d -> d.epoch("init")),
        declare("beats", null, d -> d.name("at every seed").experiments("vgg08")
            .than("vgg38-bn-1e-2").metric("final val_acc")),
        declare("beats", null, d -> d.name("on the mean").experiments("vgg08")
            .than("vgg38-bn-1e-2").metric("final val_acc").seeds("mean")),
        declare("beats", null, d -> d.name("on the mean with a margin").experiments("vgg08")
            .than("vgg38-bn-1e-2").metric("final val_acc").seeds("mean").margin(0.5)),
        declare("metric", "vgg38-rc", d -> d.name("mean above a value").metric("final val_acc")
            .comparator("above").value(52.0).seeds("mean")))), study);
    assertEquals(List.of(Verdict.PASSED, Verdict.FAILED, Verdict.PASSED, Verdict.FAILED,
        Verdict.PASSED), outcomes.outcomes().stream().map(Outcome::verdict).toList(),
        String.join("\n", outcomes.table()));
    Outcome every = outcomes.outcomes().get(1);
    assertTrue(every.expected().endsWith(", at each of 3 seeds"), every.expected());
    assertTrue(every.measured().startsWith("seed 0: VGG08 (1e-3) 51.84% against VGG38 BN (1e-2) "
        + "41.72%, ahead by +10.12; seed 1: "), every.measured());
    assertTrue(every.measured().endsWith("; seed 2 (does not hold): VGG08 (1e-3) 41.84% against "
        + "VGG38 BN (1e-2) 51.72%, ahead by -9.88"), every.measured());
    assertTrue(outcomes.outcomes().get(2).measured().startsWith("mean of 3 seeds: VGG08 (1e-3) "
        + "46.84% against VGG38 BN (1e-2) 46.72%, ahead by +0.12"),
        outcomes.outcomes().get(2).measured());
    assertEquals("mean of 3 seeds (52.32%, 52.32%, 52.32%) 52.32%",
        outcomes.outcomes().get(4).measured());

    InvalidExpectationsException invalid = assertThrows(InvalidExpectationsException.class,
        () -> Expectations.resolve(List.of(declare("vanishes", "vgg38", d -> d.seeds("mean")),
            declare("metric", "vgg38", d -> d.metric("test_acc").comparator("below")
                .value(5.0).seeds("most")))));
    assertTrue(invalid.getMessage().contains("a gradient-flow claim is checked at every seed"),
        invalid.getMessage());
    assertTrue(invalid.getMessage().contains("unknown <seeds> 'most'"), invalid.getMessage());
  }

  @Test
  void aClaimKnownToFailIsReportedWithItsNumbersAndFailsOnceItHolds() throws Exception {
    Outcomes outcomes = evaluate(
        declare("beats", null, d -> d.name("known").experiments("vgg08").than("vgg38-rc")
            .knownToFail("VGG08 trails RC in this study")),
        declare("beats", null, d -> d.name("holds after all").experiments("vgg38-rc")
            .than("vgg08").knownToFail("RC was thought to trail")),
        declare("beats", null, d -> d.name("unmeasurable").experiments("never-ran")
            .than("vgg08").knownToFail("whatever")));
    assertEquals(List.of(Verdict.KNOWN_FAILURE, Verdict.FAILED, Verdict.FAILED),
        outcomes.outcomes().stream().map(Outcome::verdict).toList());
    Outcome known = outcomes.outcomes().get(0);
    assertEquals("known not to hold: VGG08 trails RC in this study", known.reason());
    assertTrue(known.measured().startsWith("VGG08 (1e-3) 46.84% against VGG38 RC (1e-3)"),
        known.measured());
    assertEquals("declared known to fail (RC was thought to trail), but it holds: remove its "
        + "<knownToFail>", outcomes.outcomes().get(1).reason());
    assertEquals(2, outcomes.failed().size());
    assertTrue(outcomes.summary().endsWith("2 failed, 0 skipped, 1 known not to hold"),
        outcomes.summary());

    Path junit = tmp.resolve("junit.xml");
    JUnitXml.write(junit, "study", outcomes);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(junit.toFile());
    Element skipped = (Element) doc.getElementsByTagName("skipped").item(0);
    assertEquals("KnownFailure", skipped.getAttribute("type"));
    assertTrue(skipped.getAttribute("message").startsWith("known not to hold: VGG08 trails RC"),
        skipped.getAttribute("message"));
  }

  @Test
  void aThresholdInTimesChanceReadsTheRunsClasses() {
    Outcomes outcomes = evaluate(
        declare("metric", "vgg38", d -> d.metric("best val_acc").comparator("below")
            .timesChance(2.0)),
        declare("metric", "vgg08", d -> d.metric("test_acc").comparator("above")
            .timesChance(3.0)));
    assertEquals(List.of(Verdict.PASSED, Verdict.PASSED),
        outcomes.outcomes().stream().map(Outcome::verdict).toList());
    assertEquals("best val_acc below 2x chance", outcomes.outcomes().get(0).expected());
    assertEquals("1.00% (2x chance 2.00%, difference -1.00)",
        outcomes.outcomes().get(0).measured());
    InvalidExpectationsException invalid = assertThrows(InvalidExpectationsException.class,
        () -> Expectations.resolve(List.of(declare("metric", "vgg38", d -> d
            .metric("test_loss").comparator("below").timesChance(2.0).value(1.0)))));
    assertTrue(invalid.getMessage().contains("give <value> or <timesChance>, not both"),
        invalid.getMessage());
  }

  @Test
  void claimsAboutExperimentsLeftOutByTheSelectionAreSkippedNotFailed() {
    Study study = Study.of(List.of(ExperimentResults.load(directories.get(1))),
        ReferenceTable.shipped(), Map.of()).leavingOut(java.util.Set.of("vgg08"));
    Outcomes outcomes = Expectations.evaluate(Expectations.resolve(List.of(
        declare("vanishes", "vgg38", d -> d.epoch("init")),
        declare("beats", null, d -> d.experiments("vgg38").than("vgg08")))), study);
    assertEquals(List.of(Verdict.PASSED, Verdict.SKIPPED),
        outcomes.outcomes().stream().map(Outcome::verdict).toList());
    assertEquals("vgg08 not selected by -Dvgp.experiments", outcomes.outcomes().get(1).reason());
  }

  @Test
  void aRunIsComparedWithTheSameExperimentInABaseline() {
    Path baseline = tmp.resolve("baseline");
    StudyFixture.write(baseline.resolve("vgg08"), StudyFixture.run("vgg08"), 3);
    Outcomes outcomes = evaluate(
        declare("matchesBaseline", "vgg08", d -> d.baseline(baseline).tolerance(0.01)),
        declare("matchesBaseline", "vgg38", d -> d.baseline(baseline).tolerance(0.01)),
        declare("matchesBaseline", "vgg38", d -> d.baseline(directories.get(0).getParent())
            .metric("final val_loss").tolerance(0.0)));
    assertEquals(List.of(Verdict.PASSED, Verdict.FAILED, Verdict.PASSED),
        outcomes.outcomes().stream().map(Outcome::verdict).toList(),
        String.join("\n", outcomes.table()));
    assertEquals("46.54% (baseline 46.54%, difference +0.00)",
        outcomes.outcomes().get(0).measured());
    assertEquals("baseline " + baseline + ": no results for vgg38",
        outcomes.outcomes().get(1).reason());
  }

  @Test
  void everyProblemOfEveryDeclarationIsReportedAtOnce() {
    InvalidExpectationsException e = assertThrows(InvalidExpectationsException.class,
        () -> Expectations.resolve(List.of(
            declare("vanish", "vgg38", d -> d),
            declare("vanishes", null, d -> d.tolerance(1.0)),
            declare("metric", "vgg08", d -> d.metric("best val_accuracy").comparator(">")),
            declare("nearPaper", "vgg08", d -> d.metric("test_acc")),
            declare("vanishes", "vgg38", d -> d.epoch("first")),
            declare("noVanishing", "vgg38", d -> d),
            declare("noVanishing", "vgg38", d -> d))));
    String message = e.getMessage();
    for (String problem : List.of(
        "expectation 1: unknown kind 'vanish'; one of vanishes, noVanishing, beats",
        "expectation 2: <tolerance> does not apply to kind vanishes",
        "expectation 2: no <experiment>",
        "expectation 3: unknown comparator '>'; one of above, atLeast, below, atMost, near",
        "expectation 3: unknown metric 'val_accuracy'; one of train_loss, train_acc",
        "expectation 3: no <value>",
        "expectation 4: the paper's Table 1 has the final train_loss, train_acc, val_loss and "
            + "val_acc, not test_acc",
        "expectation 4: no <tolerance>",
        "expectation 5: epoch 'first' is not one of init, last, best",
        "expectation 7: the name 'vgg38 has no vanishing layer' is taken")) {
      assertTrue(message.contains(problem), problem + " in\n" + message);
    }
    assertTrue(message.startsWith("10 problems in the declared expectations:"), message);
  }

  @Test
  void theJUnitFileHasOneTestCasePerExpectationWithTheMeasuredValue() throws Exception {
    directories.add(tmp.resolve("results/never-ran"));
    Outcomes outcomes = evaluate(
        declare("vanishes", "vgg38", d -> d.name("VGG38 vanishes at initialisation")
            .epoch("init")),
        declare("vanishes", "vgg08", d -> d.name("VGG08 <vanishes> & \"fails\"")),
        declare("vanishes", "never-ran", d -> d),
        declare("nearPaper", "vgg38-bn-rc-1e-2", d -> d.tolerance(1.0).fullRunOnly(true)));
    Path file = tmp.resolve("out/expectations/TEST-vgp-expectations.xml");
    JUnitXml.write(file, "vgp expectations of the study", outcomes);

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(file.toFile());
    Element suite = doc.getDocumentElement();
    assertEquals("testsuite", suite.getTagName());
    assertEquals("vgp expectations of the study", suite.getAttribute("name"));
    assertEquals("4", suite.getAttribute("tests"));
    assertEquals("2", suite.getAttribute("failures"));
    assertEquals("0", suite.getAttribute("skipped"));
    NodeList cases = suite.getElementsByTagName("testcase");
    assertEquals(4, cases.getLength());
    Element passed = (Element) cases.item(0);
    assertEquals("VGG38 vanishes at initialisation", passed.getAttribute("name"));
    assertEquals(JUnitXml.CLASS_NAME, passed.getAttribute("classname"));
    assertEquals(0, passed.getElementsByTagName("failure").getLength());
    assertTrue(text(passed, "system-out").contains("measured vanishing at init from "));
    Element failed = (Element) cases.item(1);
    assertEquals("VGG08 <vanishes> & \"fails\"", failed.getAttribute("name"));
    String message = ((Element) failed.getElementsByTagName("failure").item(0))
        .getAttribute("message");
    assertTrue(message.startsWith("expected vanishing at the last epoch; measured healthy at "
        + "epoch 2, first/last layer ratio "), message);
    String missing = ((Element) ((Element) cases.item(2)).getElementsByTagName("failure")
        .item(0)).getAttribute("message");
    assertTrue(missing.contains("never-ran was not run"), missing);
    assertEquals(0, ((Element) cases.item(3)).getElementsByTagName("skipped").getLength(),
        "a full run of the fixture is not skipped");
  }

  @Test
  void theReportShowsTheExpectationsTable() throws Exception {
    List<Expectation> declared = Expectations.resolve(List.of(
        declare("vanishes", "vgg38", d -> d.epoch("init")),
        declare("vanishes", "vgg08", d -> d.name("vgg08_fails & 100%"))));
    Path out = tmp.resolve("report");
    ReportGenerator.generate(new ReportRequest(directories, out, null, null, null)
        .withExpectations(runs -> Expectations.evaluate(declared, Study.of(runs,
            ReferenceTable.shipped(), Map.of())).reportRows()));
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("<section id=\"expectations\">"), html);
    assertTrue(html.contains("<td>vgg38 vanishes at init</td>"), html);
    assertTrue(html.contains("<span class=\"verdict-FAILED\">FAILED</span>"), html);
    assertTrue(html.contains("1 passed,\n    1 failed,\n    0 skipped."), html);
    String tex = Files.readString(out.resolve("report.tex"));
    assertTrue(tex.contains("\\section*{Expectations}"), tex);
    assertTrue(tex.contains("vgg08\\_fails \\& 100\\%"), tex);

    Path plain = tmp.resolve("plain");
    ReportGenerator.generate(ReportRequest.of(directories, plain));
    assertTrue(!Files.readString(plain.resolve("index.html")).contains("id=\"expectations\""),
        "no expectations declared, no section");
  }

  // ---- helpers

  private Outcomes evaluate(ExpectationDeclaration... declarations) {
    return Expectations.evaluate(Expectations.resolve(List.of(declarations)),
        Study.of(load(), ReferenceTable.shipped(), Map.of()));
  }

  private List<ExperimentResults> load() {
    return directories.stream().map(ExperimentResults::load).toList();
  }

  private static void rewriteRecord(Path directory, UnaryOperator<ExperimentRecord> change) {
    ResultsDirectory results = new ResultsDirectory(directory);
    results.writeExperiment(change.apply(results.readExperiment().orElseThrow()));
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent();
  }

  private static ExpectationDeclaration declare(String kind, String experiment,
      UnaryOperator<Declaring> fields) {
    return fields.apply(new Declaring(kind, experiment)).build();
  }

  /** A declaration as a POM writes it, field by field. */
  private static final class Declaring {
    private final String kind;
    private final String experiment;
    private String name;
    private String experiments;
    private String than;
    private String epoch;
    private String metric;
    private String comparator;
    private Double value;
    private Double tolerance;
    private Double ratioBelow;
    private Path baseline;
    private Boolean fullRunOnly;
    private Double timesChance;
    private Double margin;
    private String seeds;
    private String knownToFail;

    Declaring(String kind, String experiment) {
      this.kind = kind;
      this.experiment = experiment;
    }

    Declaring name(String v) { name = v; return this; }
    Declaring experiments(String v) { experiments = v; return this; }
    Declaring than(String v) { than = v; return this; }
    Declaring epoch(String v) { epoch = v; return this; }
    Declaring metric(String v) { metric = v; return this; }
    Declaring comparator(String v) { comparator = v; return this; }
    Declaring value(Double v) { value = v; return this; }
    Declaring tolerance(Double v) { tolerance = v; return this; }
    Declaring ratioBelow(Double v) { ratioBelow = v; return this; }
    Declaring baseline(Path v) { baseline = v; return this; }
    Declaring fullRunOnly(Boolean v) { fullRunOnly = v; return this; }
    Declaring timesChance(Double v) { timesChance = v; return this; }
    Declaring margin(Double v) { margin = v; return this; }
    Declaring seeds(String v) { seeds = v; return this; }
    Declaring knownToFail(String v) { knownToFail = v; return this; }

    ExpectationDeclaration build() {
      return new ExpectationDeclaration(name, kind, experiment, experiments, than, epoch, metric,
          comparator, value, timesChance, tolerance, ratioBelow, baseline, margin, seeds,
          fullRunOnly, knownToFail);
    }
  }
}
