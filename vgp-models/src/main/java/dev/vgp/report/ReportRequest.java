package dev.vgp.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link ReportGenerator#generate} needs.
 *
 * @param resultsDirectories one results directory per experiment, in the order the report lists
 *     them; missing or unfinished ones are shown as marked rows
 * @param outputDirectory where index.html, report.tex and figures/ are written
 * @param templateDirectory user copies of templates/ (report.html.ftl, report.tex.ftl) that take
 *     precedence over the shipped ones; null for the shipped templates
 * @param referenceTable the paper's Table 1 as CSV; null for the shipped table1.csv
 * @param benchmarkCsv a benchmark.csv to show as a table; null to use
 *     {@code outputDirectory/benchmark.csv} when it exists
 * @param expectations evaluates the declared expectations over the results the report read,
 *     for its expectations table; null when none are declared. A function rather than rows so
 *     the results are read once.
 */
public record ReportRequest(
    List<Path> resultsDirectories,
    Path outputDirectory,
    Path templateDirectory,
    Path referenceTable,
    Path benchmarkCsv,
    Function<List<ExperimentResults>, List<ReportModel.ExpectationRow>> expectations) {

  public ReportRequest {
    Objects.requireNonNull(resultsDirectories, "resultsDirectories");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    resultsDirectories = List.copyOf(resultsDirectories);
  }

  /** A report without an expectations table. */
  public ReportRequest(List<Path> resultsDirectories, Path outputDirectory,
      Path templateDirectory, Path referenceTable, Path benchmarkCsv) {
    this(resultsDirectories, outputDirectory, templateDirectory, referenceTable, benchmarkCsv,
        null);
  }

  /** The shipped templates and reference table, no benchmark beyond the output directory's. */
  public static ReportRequest of(List<Path> resultsDirectories, Path outputDirectory) {
    return new ReportRequest(resultsDirectories, outputDirectory, null, null, null);
  }
}
