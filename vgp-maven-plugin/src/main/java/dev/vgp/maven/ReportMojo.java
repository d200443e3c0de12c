package dev.vgp.maven;

import dev.vgp.analysis.DeclaredExperiment;
import dev.vgp.expectations.Expectation;
import dev.vgp.expectations.Expectations;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.report.LatexException;
import dev.vgp.report.PdfLatex;
import dev.vgp.report.ReportGenerator;
import dev.vgp.report.ReportRequest;
import dev.vgp.report.StudyReport;
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
 * machines meet in one report through {@code -Dvgp.resultsDirectories}. Declared
 * {@code <expectations>} are evaluated and shown as a table; {@code vgp:check} fails the build
 * on them.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    configurator = CheckedConfigurator.HINT)
public class ReportMojo extends AbstractStudyMojo {

  /** Copies of the report templates (report.html.ftl, report.tex.ftl) to use instead. */
  @Parameter(property = "vgp.templateDirectory")
  File templateDirectory;

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
    List<Path> results = results();
    List<Expectation> declared = declaredExpectations();
    ReportRequest request = new ReportRequest(results, reportDirectory.toPath(),
        path(templateDirectory), path(referenceTable), null)
        .withDeclared(declaredRuns(), getLog()::info);
    if (!declared.isEmpty()) {
      request = request.withExpectations(
          runs -> Expectations.evaluate(declared, study(runs)).reportRows());
    }
    StudyReport written = StudyReport.write(request, tensorBoard);
    getLog().info("Report of " + results.size() + " experiments: " + written.report().get(0));
    if (pdf) compilePdf(reportDirectory.toPath().resolve(ReportGenerator.LATEX_OUTPUT));
    if (!written.tensorBoard().isEmpty()) {
      getLog().info("TensorBoard: tensorboard --logdir " + written.tensorBoardLogDir());
    }
  }

  /** Each declared experiment's label and learning rate, so a run without results is named. */
  private Map<Path, DeclaredExperiment> declaredRuns() {
    Map<Path, DeclaredExperiment> declared = new LinkedHashMap<>();
    if (resultsDirectories != null) return declared;
    for (ExperimentDefinition e : plan().experiments()) {
      declared.put(outputDirectory.toPath().resolve(e.id()),
          new DeclaredExperiment(e.label(), e.training().learningRate()));
    }
    return declared;
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
