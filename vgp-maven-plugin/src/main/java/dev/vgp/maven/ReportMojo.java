package dev.vgp.maven;

import dev.vgp.expectations.Expectation;
import dev.vgp.expectations.Expectations;
import dev.vgp.report.ReportRequest;
import dev.vgp.report.StudyReport;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the study report from recorded results (it never trains): {@code index.html} and
 * {@code report.tex} with Table 1 measured against the paper, training curves, gradient-flow
 * figures and diagnoses, and the benchmark when {@code benchmark.csv} is present; and
 * TensorBoard event files next to each experiment's results.
 *
 * <p>By default it reports the declared experiments, in declaration order. Runs made on several
 * machines meet in one report through {@code -Dvgp.resultsDirectories}. Declared
 * {@code <expectations>} are evaluated and shown as a table; {@code vgp:check} fails the build
 * on them.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractStudyMojo {

  /** Copies of the report templates (report.html.ftl, report.tex.ftl) to use instead. */
  @Parameter(property = "vgp.templateDirectory")
  File templateDirectory;

  /** Also write TensorBoard event files into each results directory ({@code tensorboard/}). */
  @Parameter(property = "vgp.tensorBoard", defaultValue = "true")
  boolean tensorBoard;

  @Override
  protected void run() {
    List<Path> results = results();
    List<Expectation> declared = declaredExpectations();
    StudyReport written = StudyReport.write(new ReportRequest(results, reportDirectory.toPath(),
        path(templateDirectory), path(referenceTable), null, declared.isEmpty() ? null
            : runs -> Expectations.evaluate(declared, study(runs)).reportRows()), tensorBoard);
    getLog().info("Report of " + results.size() + " experiments: " + written.report().get(0));
    if (!written.tensorBoard().isEmpty()) {
      getLog().info("TensorBoard: tensorboard --logdir " + written.tensorBoardLogDir());
    }
  }
}
