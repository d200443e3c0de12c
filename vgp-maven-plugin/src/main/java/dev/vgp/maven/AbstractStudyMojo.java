package dev.vgp.maven;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.ReferenceTable;
import dev.vgp.expectations.Expectations;
import dev.vgp.expectations.Study;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.plan.Replicates;
import dev.vgp.results.ResultsDirectories;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that read a study's recorded results share ({@code report}, {@code check}):
 * which results directories, the paper's table, and the declared expectations.
 */
public abstract class AbstractStudyMojo extends AbstractReportingMojo {

  /**
   * Results to read instead of the declared experiments' (comma-separated). Each entry is a
   * results directory, or a directory holding results directories (e.g. another machine's
   * {@code target/vgp}), taken in name order. Relative paths are taken from the project's
   * directory.
   */
  @Parameter(property = "vgp.resultsDirectories")
  String resultsDirectories;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File basedir;

  /** The paper's Table 1 as CSV to compare with, instead of the shipped one. */
  @Parameter(property = "vgp.referenceTable")
  File referenceTable;

  /**
   * The study's findings as claims about the recorded results, each an {@code <expectation>}
   * with a {@code <kind>} (vanishes, noVanishing, beats, nearPaper, matchesBaseline, metric);
   * {@code vgp:check} evaluates them and the report shows them.
   */
  @Parameter
  List<Expectation> expectations;

  /** The results directories to read, in the order the report lists them. */
  protected List<Path> results() {
    return resultsDirectories == null
        ? plan().experiments().stream().map(e -> outputDirectory.toPath().resolve(e.id()))
            .toList()
        : ResultsDirectories.expand(commaSeparated(resultsDirectories).stream()
            .map(entry -> basedir.toPath().resolve(entry)).toList());
  }

  /** The declared expectations, validated all at once. */
  protected List<dev.vgp.expectations.Expectation> declaredExpectations() {
    return Expectations.resolve(expectations == null ? List.of()
        : expectations.stream().map(Expectation::toDeclaration).toList());
  }

  /**
   * The study the expectations are evaluated over: these runs, the paper, the epochs the POM
   * declares, and the declared experiments {@code -Dvgp.experiments} left out.
   */
  protected Study study(List<ExperimentResults> runs) {
    List<ExperimentDefinition> declared = declared();
    Study study = Study.of(runs, ReferenceTable.shippedOr(path(referenceTable)),
        declared.stream().collect(Collectors.toMap(ExperimentDefinition::id,
            e -> e.training().epochs())));
    if (seeds > 1) {
      study = study.withReplicates(declared.stream().collect(Collectors.toMap(
          ExperimentDefinition::id, e -> Replicates.ids(e, seeds))));
    }
    if (resultsDirectories != null || selectedExperiments == null) return study;
    Set<String> selected = Set.copyOf(commaSeparated(selectedExperiments));
    return study.leavingOut(declared.stream().map(ExperimentDefinition::id)
        .filter(id -> !selected.contains(id)).collect(Collectors.toSet()));
  }

  /** Every declared experiment as the POM has it: no selection, no run-length override. */
  private List<ExperimentDefinition> declared() {
    if (!declaresExperiments()) return List.of();
    return ExperimentPlan.resolve(defaultSettings(), PomDeclarations.experiments(experiments),
        PlanOverrides.none(), dataShape()).experiments();
  }
}
