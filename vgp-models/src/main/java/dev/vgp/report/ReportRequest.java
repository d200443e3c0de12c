package dev.vgp.report;

import dev.vgp.analysis.DeclaredExperiment;
import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.ExpectationRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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
 * @param declared what the POM declares for some results directories, so that a run without
 *     results is still shown by its label and learning rate
 * @param log hears what is worth a log line, e.g. a template taken from the shipped ones
 */
public record ReportRequest(
    List<Path> resultsDirectories,
    Path outputDirectory,
    Path templateDirectory,
    Path referenceTable,
    Path benchmarkCsv,
    Function<List<ExperimentResults>, List<ExpectationRow>> expectations,
    Map<Path, DeclaredExperiment> declared,
    Consumer<String> log) {

  public ReportRequest {
    Objects.requireNonNull(resultsDirectories, "resultsDirectories");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    resultsDirectories = List.copyOf(resultsDirectories);
    declared = Map.copyOf(declared);
    Objects.requireNonNull(log, "log");
  }

  /** No expectations table, nothing declared beyond the results, nothing logged. */
  public ReportRequest(List<Path> resultsDirectories, Path outputDirectory, Path templateDirectory,
      Path referenceTable, Path benchmarkCsv) {
    this(resultsDirectories, outputDirectory, templateDirectory, referenceTable, benchmarkCsv,
        null, Map.of(), message -> {});
  }

  public ReportRequest withExpectations(
      Function<List<ExperimentResults>, List<ExpectationRow>> evaluate) {
    return new ReportRequest(resultsDirectories, outputDirectory, templateDirectory,
        referenceTable, benchmarkCsv, evaluate, declared, log);
  }

  public ReportRequest withDeclared(Map<Path, DeclaredExperiment> declaredRuns, Consumer<String> logTo) {
    return new ReportRequest(resultsDirectories, outputDirectory, templateDirectory,
        referenceTable, benchmarkCsv, expectations, declaredRuns, logTo);
  }

  /** The shipped templates and reference table, no benchmark beyond the output directory's. */
  public static ReportRequest of(List<Path> resultsDirectories, Path outputDirectory) {
    return new ReportRequest(resultsDirectories, outputDirectory, null, null, null);
  }
}
