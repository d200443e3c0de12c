package dev.vgp.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
    Map<Path, Declared> declared,
    Consumer<String> log) {

  /** A declared experiment's label and learning rate. */
  public record Declared(String label, double learningRate) {}

  public ReportRequest {
    Objects.requireNonNull(resultsDirectories, "resultsDirectories");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    resultsDirectories = List.copyOf(resultsDirectories);
    declared = Map.copyOf(declared);
    Objects.requireNonNull(log, "log");
  }

  /** Nothing declared beyond the results, nothing logged. */
  public ReportRequest(List<Path> resultsDirectories, Path outputDirectory, Path templateDirectory,
      Path referenceTable, Path benchmarkCsv) {
    this(resultsDirectories, outputDirectory, templateDirectory, referenceTable, benchmarkCsv,
        Map.of(), message -> {});
  }

  public ReportRequest withDeclared(Map<Path, Declared> declaredRuns, Consumer<String> logTo) {
    return new ReportRequest(resultsDirectories, outputDirectory, templateDirectory,
        referenceTable, benchmarkCsv, declaredRuns, logTo);
  }

  /** The shipped templates and reference table, no benchmark beyond the output directory's. */
  public static ReportRequest of(List<Path> resultsDirectories, Path outputDirectory) {
    return new ReportRequest(resultsDirectories, outputDirectory, null, null, null);
  }
}
