package dev.vgp.maven;

import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.report.LatexException;
import dev.vgp.report.PdfLatex;
import dev.vgp.report.ReportGenerator;
import dev.vgp.report.ReportRequest;
import dev.vgp.report.StudyReport;
import dev.vgp.results.ResultsDirectories;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the study report from recorded results (it never trains): {@code index.html},
 * {@code report.tex} and, with pdflatex installed, {@code report.pdf}, with Table 1 measured
 * against the paper, training curves, gradient-flow figures and diagnoses, and the benchmark when
 * {@code benchmark.csv} is present; and TensorBoard event files next to each experiment's results.
 *
 * <p>By default it reports the declared experiments, in declaration order. Runs made on several
 * machines meet in one report through {@code -Dvgp.resultsDirectories}.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractExperimentsMojo {

  /**
   * Results to report instead of the declared experiments' (comma-separated). Each entry is a
   * results directory, or a directory holding results directories (e.g. another machine's
   * {@code target/vgp}), taken in name order. Relative paths are taken from the project's
   * directory.
   */
  @Parameter(property = "vgp.resultsDirectories")
  String resultsDirectories;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File basedir;

  /** Copies of the report templates (report.html.ftl, report.tex.ftl) to use instead. */
  @Parameter(property = "vgp.templateDirectory")
  File templateDirectory;

  /** The paper's Table 1 as CSV to compare with, instead of the shipped one. */
  @Parameter(property = "vgp.referenceTable")
  File referenceTable;

  /** Where the report goes; {@code vgp:benchmark} writes its benchmark.csv here too. */
  @Parameter(property = "vgp.reportDirectory",
      defaultValue = "${project.build.directory}/vgp-report")
  File reportDirectory;

  /**
   * Also compile {@code report.pdf} from {@code report.tex} with pdflatex, when pdflatex is on the
   * PATH (else one line says it was skipped). A LaTeX package the template loads that is not
   * installed fails the build naming it and the Debian package that provides it.
   */
  @Parameter(property = "vgp.pdf", defaultValue = "true")
  boolean pdf;

  /** Also write TensorBoard event files into each results directory ({@code tensorboard/}). */
  @Parameter(property = "vgp.tensorBoard", defaultValue = "true")
  boolean tensorBoard;

  @Override
  protected void run() throws MojoFailureException {
    List<Path> results;
    Map<Path, ReportRequest.Declared> declared = new LinkedHashMap<>();
    if (resultsDirectories == null) {
      // the declared experiments: a run without results is still named by its declaration
      for (ExperimentDefinition e : plan().experiments()) {
        declared.put(outputDirectory.toPath().resolve(e.id()),
            new ReportRequest.Declared(e.label(), e.training().learningRate()));
      }
      results = List.copyOf(declared.keySet());
    } else {
      results = ResultsDirectories.expand(commaSeparated(resultsDirectories).stream()
          .map(entry -> basedir.toPath().resolve(entry)).toList());
    }
    StudyReport written = StudyReport.write(new ReportRequest(results, reportDirectory.toPath(),
        path(templateDirectory), path(referenceTable), null)
        .withDeclared(declared, getLog()::info), tensorBoard);
    getLog().info("Report of " + results.size() + " experiments: " + written.report().get(0));
    if (pdf) compilePdf(reportDirectory.toPath().resolve(ReportGenerator.LATEX_OUTPUT));
    if (!written.tensorBoard().isEmpty()) {
      getLog().info("TensorBoard: tensorboard --logdir " + written.tensorBoardLogDir());
    }
  }

  private void compilePdf(Path tex) throws MojoFailureException {
    Optional<PdfLatex> pdflatex = PdfLatex.onPath();
    if (pdflatex.isEmpty()) {
      getLog().info(PdfLatex.notInstalled());
      return;
    }
    try {
      getLog().info("PDF: " + pdflatex.get().compile(tex));
    } catch (LatexException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }
}
