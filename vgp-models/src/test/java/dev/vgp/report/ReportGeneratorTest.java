package dev.vgp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.analysis.DeclaredExperiment;
import dev.vgp.analysis.Format;
import dev.vgp.files.RecordingSink;
import dev.vgp.files.WriterLock;
import dev.vgp.results.DamagedResultsException;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.results.ResourceUse;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TestMetrics;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {

  @TempDir Path tmp;
  private List<Path> directories;
  private Path out;

  @BeforeEach
  void recordStudy() {
    directories = new ArrayList<>(StudyFixture.writeStudy(tmp.resolve("results"), 4));
    directories.add(tmp.resolve("results/never-ran")); // a declared experiment with no files
    out = tmp.resolve("report");
  }

  @Test
  void tableShowsRecordedNumbersBesideThePapersAndMarksIncompleteRuns() throws Exception {
    List<Path> written = ReportGenerator.generate(ReportRequest.of(directories, out));
    assertEquals(out.resolve("index.html"), written.get(0));
    assertEquals(out.resolve("report.tex"), written.get(1));
    String html = Files.readString(out.resolve("index.html"));

    for (StudyFixture.Run run : StudyFixture.RUNS) {
      ResultsDirectory results = new ResultsDirectory(tmp.resolve("results").resolve(run.id()));
      List<EpochMetrics> epochs = results.readSummary();
      EpochMetrics last = epochs.get(epochs.size() - 1);
      String row = row(html, run.id());
      assertTrue(row.contains(">" + Format.fixed(last.trainLoss(), 3) + "<"), row);
      assertTrue(row.contains(">" + Format.percent(last.trainAccuracy()) + "<"), row);
      assertTrue(row.contains(">" + Format.fixed(last.validationLoss(), 3) + "<"), row);
      assertTrue(row.contains(">" + Format.percent(last.validationAccuracy()) + "<"), row);
      results.readTestSummary().map(TestMetrics::testAccuracy).ifPresent(
          test -> assertTrue(row.contains(">" + Format.percent(test) + "<"), row));
      assertTrue(row.contains("paper "), "every run of the fixture is in the paper: " + row);
    }
    String best = row(html, "vgg38-bn-rc-1e-2");
    assertTrue(best.contains("<span class=\"paper\">paper 0.524</span>"), best);
    assertTrue(best.contains("<span class=\"paper\">paper 61.36</span>"), best);
    assertTrue(best.contains("<span class=\"paper\">paper 339K</span>"), best);
    assertTrue(best.contains("338,500"), best);
    assertTrue(best.contains("class=\"complete\""), best);

    String unfinished = row(html, "vgg38-bn-1e-3");
    assertTrue(unfinished.contains("class=\"incomplete\""), unfinished);
    assertTrue(unfinished.contains("unfinished (status running, but no live process holds its"
        + " lock: it was killed; vgp:train resumes it)"), unfinished);
    assertTrue(unfinished.contains("2 of 4 epochs recorded"), unfinished);
    String absent = row(html, "never-ran");
    assertTrue(absent.contains("results directory does not exist"), absent);
  }

  @Test
  void aRunOnAnotherDatasetIsNotComparedWithThePapersCifarNumbers() throws Exception {
    ResultsDirectory vgg08 = new ResultsDirectory(tmp.resolve("results").resolve("vgg08"));
    ExperimentRecord r = vgg08.readExperiment().orElseThrow();
    vgg08.writeExperiment(new ExperimentRecord(r.id(), r.label(), r.status(), r.model(),
        r.training(), "fashion-mnist", r.dataChecksum(), r.vgpVersion(), r.environment()));
    ReportGenerator.generate(ReportRequest.of(directories, out));

    String row = row(Files.readString(out.resolve("index.html")), "vgg08");
    assertFalse(row.contains("paper "), row);
    assertTrue(row.contains("trained on fashion-mnist; the paper&#39;s table is CIFAR-100&#39;s"),
        row);
    assertTrue(Files.readString(out.resolve("report.tex"))
        .contains("trained on fashion-mnist; the paper's table is CIFAR-100's."));
  }

  @Test
  void theEnvironmentShowsWhatEachRunCostWhereItWasMeasured() throws Exception {
    ResultsDirectory vgg08 = new ResultsDirectory(tmp.resolve("results").resolve("vgg08"));
    vgg08.writeSummary(vgg08.readSummary().stream().map(m -> new EpochMetrics(m.epoch(),
        m.learningRate(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(),
        m.validationAccuracy(), m.seconds(), m.imagesPerSecond(), new ResourceUse(
            OptionalDouble.of(1800), OptionalLong.of((2L << 30) - (m.epoch() << 20)),
            OptionalLong.of(300L << 20), OptionalLong.of(1200L << 20),
            OptionalLong.of(500L << 20), OptionalLong.empty()))).toList());
    ReportGenerator.generate(ReportRequest.of(directories, out));

    String environment = between(Files.readString(out.resolve("index.html")),
        "<section id=\"environment\">", "</section>");
    int epochs = vgg08.readSummary().size();
    assertTrue(environment.contains("<td class=\"num\">" + (epochs / 2) + " h 00 min</td>"
        + "<td class=\"num\">2.0 GiB</td>"), "CPU summed, the largest peak: " + environment);
    assertTrue(environment.contains("<td class=\"num\">300 MiB</td><td class=\"num\">1.2 GiB"
        + "</td><td class=\"num\">500 MiB</td><td class=\"num\"></td>"), environment);
    assertTrue(Files.readString(out.resolve("report.tex")).contains("CPU " + (epochs / 2)
        + " h 00 min; peak RSS 2.0 GiB, Java heap 300 MiB, native 1.2 GiB, TensorFlow 500 MiB\\\\"));
  }

  @Test
  void everyFigureIsInlineSvgAndTheBestModelIsNamed() throws Exception {
    ReportGenerator.generate(ReportRequest.of(directories, out));
    String html = Files.readString(out.resolve("index.html"));
    for (int n = 1; n <= 7; n++) {
      String figure = between(html, "<figure id=\"figure-" + n + "\">", "</figure>");
      assertTrue(figure.contains("<svg"), "figure " + n + " has no inline SVG");
      assertFalse(figure.contains("not drawn"), "figure " + n + " is missing");
    }
    assertTrue(html.contains("Training curves for the best model, VGG38 BN + RC (1e-2)"));
    assertTrue(html.contains("Loss curves for VGG38 BN + RC with LR (1e-2, 1e-3)"));
    // Gradient-flow figures come with the reference-style linear version.
    assertTrue(between(html, "<figure id=\"figure-3\">", "</figure>")
        .contains("Linear scale, as the reference plots it"));
    // VGG38's exact zeros cannot sit on a log axis: they are drawn on a labelled line.
    assertTrue(between(html, "<figure id=\"figure-3\">", "</figure>").contains("0 drawn at"));
    // Self-contained: nothing to fetch (the SVG namespace URIs are names, not fetched).
    for (String fetching : List.of("<link", " src=", "@import", "url(http", "<script")) {
      assertFalse(html.contains(fetching), "the page would fetch or run something: " + fetching);
    }
    // SVG ids must not collide between the figures of one page.
    Matcher clipIds = Pattern.compile("<clipPath id=\"([^\"]+)\"").matcher(html);
    List<String> ids = new ArrayList<>();
    while (clipIds.find()) ids.add(clipIds.group(1));
    assertEquals(ids.size(), ids.stream().distinct().count(), "duplicate SVG ids");
  }

  @Test
  void aDepthSweepBesideTheReportIsFigure8InHtmlAndLatex() throws Exception {
    List<DepthSweepRow> sweep = new ArrayList<>();
    for (Initialization init : List.of(Initialization.REFERENCE, Initialization.HE)) {
      for (int blocks : List.of(0, 1, 2)) {
        double plain = init == Initialization.HE ? 0.2 : Math.pow(3e-3, blocks + 1);
        sweep.add(new DepthSweepRow("plain", init, blocks, 8 + 6 * blocks, plain, plain / 5));
        sweep.add(new DepthSweepRow("BN + RC", init, blocks, 8 + 6 * blocks, 3, 2));
      }
    }
    DepthSweepRow.write(out.resolve(DepthSweepRow.CSV), sweep);
    List<Path> written = ReportGenerator.generate(ReportRequest.of(directories, out));
    String figure = between(Files.readString(out.resolve("index.html")),
        "<figure id=\"figure-8\">", "</figure>");
    assertEquals(2, figure.split("<svg", -1).length - 1, "a panel per initialisation");
    assertTrue(figure.contains("Critical depth, the fewest weight layers whose ratio is below"
        + " 1.0e-04: plain (reference): 14 (predicted 14); BN + RC (reference): none up to 20"
        + " (predicted none up to 20); plain (he): none up to 20"), figure);
    // both panels say how to read them alike: the caption says it once
    assertEquals(1, figure.split("Measured solid, predicted dashed", -1).length - 1, figure);
    assertTrue(written.contains(out.resolve("figures/fig8-he.dat")));
    String tex = Files.readString(out.resolve("report.tex"));
    assertTrue(tex.contains("\\textbf{Figure 8.}"));
    assertEquals(1, tex.split("Measured solid, predicted dashed", -1).length - 1);
  }

  @Test
  void diagnosisAndStudyFindingsReadTheRecordedFlows() throws Exception {
    ReportGenerator.generate(ReportRequest.of(directories, out));
    String html = Files.readString(out.resolve("index.html"));
    String diagnosis = between(html, "<section id=\"diagnosis\">", "</section>");
    assertTrue(diagnosis.contains("VANISHING (init)"), diagnosis);
    assertTrue(diagnosis.contains("HEALTHY (epoch 3)"), diagnosis);
    String findings = between(html, "<section id=\"findings\">", "</section>");
    assertTrue(findings.contains("Does VGG38 train? <span class=\"answer-NO\">NO</span>"),
        findings);
    assertTrue(findings.contains("Does VGG38 BN + RC train? <span class=\"answer-YES\">"),
        findings);
    assertTrue(findings.contains(
        "Does the best VGG38 variant beat VGG08? <span class=\"answer-YES\">"), findings);
  }

  @Test
  void latexEscapesLabelsAndHasDataForEveryPlot() throws Exception {
    List<Path> written = ReportGenerator.generate(ReportRequest.of(directories, out));
    String tex = Files.readString(out.resolve("report.tex"));
    assertTrue(tex.contains("{input\\_conv\\_conv\\_0}"), "layer labels escaped");
    assertFalse(tex.contains("input_conv"), "an unescaped underscore breaks pdflatex");
    Matcher data = Pattern.compile("\\\\pgfplotstableread\\{([^}]+)\\}").matcher(tex);
    int plots = 0;
    while (data.find()) {
      plots++;
      Path file = out.resolve(data.group(1));
      assertTrue(written.contains(file), file + " not reported as written");
      assertTrue(Files.readString(file).startsWith("x s0"), file.toString());
    }
    assertEquals(12, plots, "1ab, 2, 2 linear, 3, 3 linear, 4ab, 5, 5 linear, 6 and 7");
  }

  @Test
  void userTemplatesOverrideTheShippedOnesOneByOne() throws Exception {
    Path templates = Files.createDirectories(tmp.resolve("my-templates"));
    Files.writeString(templates.resolve("report.html.ftl"),
        "<p>${table?size} runs, first ${table[0].label + ' & co'}</p>");
    ReportGenerator.generate(new ReportRequest(directories, out, templates, null, null));
    assertEquals("<p>8 runs, first VGG08 &amp; co</p>",
        Files.readString(out.resolve("index.html")));
    assertTrue(Files.readString(out.resolve("report.tex")).startsWith("\\documentclass"));
  }

  @Test
  void referenceTableAndBenchmarkCanBeGiven() throws Exception {
    Path reference = tmp.resolve("table.csv");
    Files.writeString(reference, String.join("\n",
        "model,lr,params_reported,train_loss,train_acc_percent,val_loss,val_acc_percent,note",
        "VGG08,0.001,60K,9.99,12.34,8.88,23.45,a note with 50% & more", ""));
    Path benchmark = tmp.resolve("bench.csv");
    Files.writeString(benchmark, "model,params,ms_per_step_median,device,notes,cpu\n"
        + "VGG08,59716,1341.456,/device:CPU:0,3.14159,AMD EPYC (family 26 model 2)\n");
    ReportGenerator.generate(new ReportRequest(directories, out, null, reference, benchmark));
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(row(html, "vgg08").contains("paper 9.99"));
    assertTrue(row(html, "vgg38").contains("not in the paper&#39;s table"));
    String table = between(html, "<section id=\"benchmark\">", "</section>");
    assertTrue(table.contains("<th class=\"num\">ms / step</th>"), table);
    assertTrue(table.contains("<td>VGG08</td><td class=\"num\">59,716</td>"
        + "<td class=\"num\">1,341.5</td><td>/device:CPU:0</td>"
        + "<td class=\"num\">3.14159</td></tr>"), "known columns rounded, others as written,"
        + " the CPU under the table: " + table);
    assertTrue(table.contains("on this machine: AMD EPYC (family 26 model 2).</p>"), table);
    String tex = Files.readString(out.resolve("report.tex"));
    assertTrue(tex.contains("a note with 50\\% \\& more"), "notes escaped for LaTeX");
    assertTrue(tex.contains("\\begin{tabular}{@{}lrrlr@{}}"), "numbers right-aligned in LaTeX");

    Path nowhere = tmp.resolve("missing.csv");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReportGenerator.generate(new ReportRequest(directories, out, null, nowhere, null)));
    assertTrue(e.getMessage().contains("reference table"), e.getMessage());
  }

  /** Figures choose runs by what their models are, so a model of another depth needs no code. */
  @Test
  void aDeclaredFourStageModelTakesItsPlaceInTheFigures() throws Exception {
    ModelSpec fourStages = ModelSpec.vgg08().with("stages", 4).withDepthName();
    directories.add(StudyFixture.write(tmp.resolve("results/vgg10"), new StudyFixture.Run(
        "vgg10", "VGG10", fourStages, 1e-3, 0.45, StudyFixture.Flow.HEALTHY, true), 4));
    ReportGenerator.generate(ReportRequest.of(directories, out));
    String html = Files.readString(out.resolve("index.html"));

    assertTrue(between(html, "<figure id=\"figure-1\">", "</figure>")
        .contains("Training curves for VGG08 and VGG10 and VGG38."));
    String figure3 = between(html, "<figure id=\"figure-3\">", "</figure>");
    assertTrue(figure3.contains("Gradient flow on VGG10 (1e-3) and VGG38 (1e-3)."), figure3);
    assertEquals(4, figure3.split("<svg", -1).length - 1, "two panels, log and linear each");
    String findings = between(html, "<section id=\"findings\">", "</section>");
    assertFalse(findings.contains("VGG10"), "not one of the study's models: " + findings);
  }

  @Test
  void onlyAnUnfinishedRunStillGivesAPageWithFiguresMarkedAbsent() throws Exception {
    Path only = StudyFixture.write(tmp.resolve("alone"), StudyFixture.run("vgg38-bn-1e-3"), 6);
    ReportGenerator.generate(ReportRequest.of(List.of(only), out));
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(between(html, "<figure id=\"figure-7\">", "</figure>")
        .contains("not drawn: no run has test results yet"));
    assertTrue(between(html, "<figure id=\"figure-2\">", "</figure>")
        .contains("not drawn: no run of a model without a cure among the results"));
  }

  @Test
  void aDamagedFileStopsTheReportBeforeItWritesAnythingNamingTheFileLine() throws Exception {
    Path summary = tmp.resolve("results/vgg38/summary.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(summary));
    lines.set(2, lines.get(2).replaceFirst(",", ",x"));
    Files.write(summary, lines);
    Path json = tmp.resolve("results/vgg08/experiment.json");
    Files.writeString(json, Files.readString(json).substring(0, 100));

    DamagedResultsException e = assertThrows(DamagedResultsException.class,
        () -> StudyReport.write(ReportRequest.of(directories, out), true));
    assertTrue(e.getMessage().contains(summary + " line 3 is malformed"), e.getMessage());
    assertTrue(e.getMessage().contains(json + " is malformed"), e.getMessage());
    assertTrue(e.getMessage().endsWith("or rerun vgp:train, which sets a damaged run aside and"
        + " trains it again"), e.getMessage());
    assertFalse(Files.exists(out), "nothing written");
    assertFalse(Files.exists(tmp.resolve("results/vgg38-rc/tensorboard")), "nothing written");
  }

  @Test
  void aRunWithoutResultsIsNamedByItsDeclarationAndOneStillGoingIsSaidSo() throws Exception {
    Path neverRan = tmp.resolve("results/never-ran");
    try (WriterLock running = WriterLock.acquire(tmp.resolve("results/vgg38-bn-1e-3"),
        WriterLock.Policy.failFast(), new RecordingSink())) {
      ReportGenerator.generate(ReportRequest.of(directories, out).withDeclared(
          Map.of(neverRan, new DeclaredExperiment("VGG38 BN + RC", 1e-2)), message -> {}));
    }
    String tex = Files.readString(out.resolve("report.tex"));
    assertTrue(tex.contains("VGG38 BN + RC (1e-2): results directory does not exist"), tex);
    String html = Files.readString(out.resolve("index.html"));
    String going = row(html, "vgg38-bn-1e-3");
    assertTrue(going.contains("still running (pid " + ProcessHandle.current().pid()), going);
  }

  @Test
  void aTemplateDirectoryLackingATemplateSaysWhichIsShipped() throws Exception {
    Path templates = Files.createDirectories(tmp.resolve("my-templates"));
    Files.writeString(templates.resolve("report.html.ftl"), "<p>${table?size}</p>");
    List<String> log = new ArrayList<>();
    ReportGenerator.generate(new ReportRequest(directories, out, templates, null, null)
        .withDeclared(Map.of(), log::add));
    assertEquals(List.of("the template directory " + templates + " has no report.tex.ftl: using"
        + " the shipped one"), log);
  }

  @Test
  void overSeedsEachRowIsTheMeanAndSdOfItsSeedsAndTheCurvesShowEverySeed() throws Exception {
    List<Path> seeded = StudyFixture.writeSeeds(tmp.resolve("seeds"), 4, 3, 0.05);
    ReportGenerator.generate(ReportRequest.of(seeded, out));
    String html = Files.readString(out.resolve("index.html"));

    // VGG08 final val acc at seeds 0-2: 51.84, 46.84, 41.84 (mean 46.84, sd 5.00)
    String vgg08 = row(html, "vgg08");
    assertTrue(vgg08.contains(">46.84 ± 5.00<"), vgg08);
    assertTrue(vgg08.contains("paper 46.84</span><span class=\"diff\">&Delta; +0.00"), vgg08);
    assertTrue(vgg08.contains("title=\"seeds 0, 1, 2\">3<"), vgg08);
    assertFalse(html.contains("row-vgg08-seed1"), "a seed is not a row of its own");
    assertEquals(7, html.split("<tr id=\"row-").length - 1, "one row per experiment");

    // Figure 1: VGG08 and VGG38, three seeds each, named once in the legend
    String figure1 = between(html, "<figure id=\"figure-1\">", "</figure>");
    assertTrue(figure1.contains("VGG08 (3 seeds) train"), figure1.substring(0, 400));
    Path data = out.resolve(StudyFigures.csvName(new Figure("fig1a", "", null, "", "",
        Figure.Kind.LINES, Figure.Scale.LINEAR, List.of(), List.of(), List.of(), List.of())));
    String header = Files.readAllLines(data).get(0);
    assertEquals(1 + 2 * 2 * 3, header.split("\\s+").length, "x, then train and validation "
        + "of 2 experiments at 3 seeds: " + header);
  }

  @Test
  void theRankingStandsBesideThePapersWithItsRankCorrelation() throws Exception {
    ReportGenerator.generate(ReportRequest.of(directories, out));
    String html = Files.readString(out.resolve("index.html"));
    String ranking = between(html, "<section id=\"ranking\">", "</section>");
    // the fixture's final accuracies are the paper's (the unfinished BN 1e-3 stopped early)
    assertTrue(ranking.contains("<td>VGG38 BN + RC</td><td class=\"num\">1e-2</td><td "
        + "class=\"num\">61.36</td>"), ranking);
    assertTrue(ranking.contains("Spearman's rank correlation: <b id=\"spearman\">1.00</b>"),
        ranking);
    assertTrue(ranking.contains("The paper: 47,500 steps"), ranking);
    assertTrue(Files.readString(out.resolve("report.tex"))
        .contains("\\section*{Ranking beside the paper}"));

  }

  @Test
  void runsTooShortToJudgeTrainingAreCalledASmokeTestAndNothingIsClaimedOfThem()
      throws Exception {
    for (Path directory : directories.subList(0, 7)) {
      ResultsDirectory results = new ResultsDirectory(directory);
      ExperimentRecord r = results.readExperiment().orElseThrow();
      results.writeExperiment(new ExperimentRecord(r.id(), r.label(), r.status(), r.model(),
          r.training().with("trainLimit", 1000), r.dataset(), r.dataChecksum(), r.vgpVersion(),
          r.environment()));
    }
    ReportGenerator.generate(ReportRequest.of(directories, out));
    String findings = between(Files.readString(out.resolve("index.html")),
        "<section id=\"findings\">", "</section>");
    assertTrue(findings.contains("<b>Smoke test.</b> These runs are a smoke test of the "
        + "pipeline, not a reproduction: each trained for 40 steps (4 epochs of 1,000 images, "
        + "batch 100)"), findings);
    assertFalse(findings.contains("answer-YES"), findings);
    assertFalse(findings.contains("answer-NO\""), findings);
    assertTrue(findings.contains("Does VGG38 BN + RC train? <span class=\"answer-TOO_SHORT_TO_SAY"
        + "\">TOO SHORT TO SAY</span>"), findings);
  }

  private static String row(String html, String id) {
    return between(html, "<tr id=\"row-" + id + "\"", "</tr>");
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, "missing " + start);
    int to = text.indexOf(end, from);
    assertTrue(to >= 0, "missing " + end + " after " + start);
    return text.substring(from, to);
  }
}
