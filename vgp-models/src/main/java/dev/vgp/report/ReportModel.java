package dev.vgp.report;

import dev.vgp.analysis.Ranking;
import dev.vgp.analysis.StudyComparison;
import dev.vgp.analysis.ExpectationRow;
import java.util.List;

/**
 * What the templates see: every number already formatted, every figure already drawn, so the
 * templates only lay out. User copies of the templates can rely on these names (docs/report.md).
 */
public record ReportModel(
    String generatedAt,
    List<TableRow> table,
    List<FigureView> figures,
    List<DiagnosisRow> diagnoses,
    List<StudyComparison.Finding> findings,
    List<EnvironmentRow> environment,
    BenchmarkTable benchmark,
    String vanishingRule,
    List<ExpectationRow> expectations,
    Ranking ranking,
    String smokeTest) {

  /**
   * One row of Table 1.
   *
   * @param problems why the row is incomplete (missing files, unfinished); empty when complete
   * @param matched whether the paper has a row for this label and learning rate (and the run was
   *     on CIFAR-100, the paper's data)
   * @param unmatchedReason why the row has no paper values; "" when matched
   * @param runs how many seeds the row's values are the mean ± sd of
   * @param seeds those seeds, "0, 1, 2"
   */
  public record TableRow(String id, String label, String learningRate, String parameters,
      String parametersPaper, Cell trainLoss, Cell trainAccuracy, Cell validationLoss,
      Cell validationAccuracy, String testAccuracy, String epochs, int runs, String seeds,
      boolean matched, String unmatchedReason, String paperNote, List<String> problems) {}

  /** A measured value beside the paper's and their difference ("" where there is none). */
  public record Cell(String measured, String paper, String difference) {}

  /**
   * A numbered figure of the report; {@code missing} says why it could not be drawn (its panels
   * are then empty).
   */
  public record FigureView(int number, String caption, List<Panel> panels, String missing) {

    /** What its panels' charts say a reader must know, each once: panels often say the same. */
    public List<String> notes() {
      return panels.stream().flatMap(panel -> panel.figure().notes().stream()).distinct()
          .toList();
    }
  }

  /**
   * One chart of a figure; for gradient flow also the reference-style linear version.
   *
   * @param csv the pgfplots data file of the LaTeX report, relative to report.tex
   */
  public record Panel(String subcaption, Figure figure, String svg, String csv, Figure linear,
      String linearSvg, String linearCsv) {}

  public record DiagnosisRow(String label, String verdictAtStart, String verdictAtEnd,
      String ratioAtEnd, String text) {}

  /**
   * One run's environment and what it cost ({@code ResourceUse.ofRun}): empty texts for what was
   * not measured.
   */
  public record EnvironmentRow(String id, String label, String status, String fingerprint,
      String seed, String epochs, String trainingImages, String dataset, String dataChecksum,
      String device, String javaVersion, String tensorflowVersion, String vgpVersion,
      String startedAt, String finishedAt, String wallTime, String cpuTime, String peakRss,
      String peakHeap, String nativeMemory, String tensorFlowMemory, String gpuMemory) {}


  /**
   * A benchmark file as a table.
   *
   * @param numeric per column, whether every value is a number (right-aligned)
   * @param machine the CPU the rows were measured on; empty when the file does not say
   */
  public record BenchmarkTable(String source, List<String> header, List<Boolean> numeric,
      List<List<String>> rows, String machine) {}
}
