package dev.vgp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.analysis.StudyComparison.Answer;
import dev.vgp.analysis.StudyComparison.Finding;
import dev.vgp.report.StudyFixture;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.ModelVariant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyComparisonTest {

  @TempDir Path tmp;

  @Test
  void answersTheStudysQuestionsFromTheRecordedRuns() {
    List<ExperimentResults> runs = StudyFixture.writeStudy(tmp, 3).stream()
        .map(ExperimentResults::load).toList();
    List<Finding> findings = StudyComparison.of(runs).findings();
    assertEquals(List.of(Answer.NO, Answer.YES, Answer.YES, Answer.YES, Answer.YES),
        findings.stream().map(Finding::answer).toList(),
        "VGG38 no; BN, RC, BN + RC yes; best VGG38 beats VGG08");
    assertTrue(findings.get(0).text().startsWith("VGG38 (1e-3): best validation accuracy 1.00%"),
        findings.get(0).text());
    // BN was run at two rates; the finding names the better one.
    assertTrue(findings.get(1).text().startsWith("VGG38 BN (1e-2)"), findings.get(1).text());
  }

  @Test
  void variantsNotRunAreSaidSoAndAShallowWinIsANo() {
    ExperimentResults vgg08 = ExperimentResults.load(
        StudyFixture.write(tmp.resolve("a"), StudyFixture.run("vgg08"), 2));
    ExperimentResults bn = ExperimentResults.load(
        StudyFixture.write(tmp.resolve("b"), StudyFixture.run("vgg38-bn-1e-3"), 2));
    List<Finding> findings = StudyComparison.of(List.of(vgg08, bn)).findings();
    assertEquals(List.of(Answer.NOT_RUN, Answer.YES, Answer.NOT_RUN, Answer.NOT_RUN, Answer.NO),
        findings.stream().map(Finding::answer).toList());
    assertEquals("Not run.", findings.get(0).text());
  }

  @Test
  void aDivergedRunIsNeverTheBest() {
    Path vgg08 = StudyFixture.write(tmp.resolve("vgg08"), StudyFixture.run("vgg08"), 2);
    Path rc = StudyFixture.write(tmp.resolve("rc"), StudyFixture.run("vgg38-rc"), 2);
    ResultsDirectory diverged = new ResultsDirectory(rc);
    diverged.writeExperiment(diverged.readExperiment().orElseThrow().withStatus(
        ExperimentRecord.Status.DIVERGED, ExperimentRecord.Environment.NONE.diverged(
            "in epoch 1 at step 1: loss NaN", Instant.now())));
    List<ExperimentResults> runs = List.of(ExperimentResults.load(vgg08),
        ExperimentResults.load(rc));
    assertTrue(runs.get(1).problems().contains("diverged in epoch 1 at step 1: loss NaN; never"
        + " the best model"), runs.get(1).problems().toString());
    assertEquals("VGG08", StudyComparison.best(runs.stream()).orElseThrow().label());
    assertTrue(StudyComparison.best(runs, ModelVariant.DEEP_RC).isEmpty());
  }
}
