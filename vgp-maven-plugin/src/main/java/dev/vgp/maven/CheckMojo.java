package dev.vgp.maven;

import dev.vgp.expectations.Expectation;
import dev.vgp.expectations.Expectations;
import dev.vgp.expectations.JUnitXml;
import dev.vgp.expectations.Outcome;
import dev.vgp.expectations.Outcomes;
import dev.vgp.analysis.ExperimentResults;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the study's findings declared as {@code <expectations>} against the recorded results
 * (never a live model): prints a table of expected, measured and verdict, writes it as a JUnit
 * XML file that CI systems display ({@code <reportDirectory>/expectations/TEST-vgp-expectations.xml}),
 * and fails the build when an expectation fails. A missing, unfinished or diverged run fails
 * every expectation about it. Bind it to {@code verify} after {@code report}, which shows the same
 * table, so the report is written whatever the verdict.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    configurator = CheckedConfigurator.HINT)
public class CheckMojo extends AbstractStudyMojo {

  /** The JUnit file, relative to the report directory. */
  public static final String JUNIT_FILE = "expectations/TEST-vgp-expectations.xml";

  /** Fail the build when an expectation fails; {@code false} only reports. */
  @Parameter(property = "vgp.expectations.failBuild", defaultValue = "true")
  boolean failBuild;

  @Parameter(defaultValue = "${project.artifactId}", readonly = true)
  String artifactId;

  @Override
  protected void run() throws MojoFailureException {
    List<Expectation> declared = declaredExpectations();
    if (declared.isEmpty()) {
      getLog().info("No <expectations> declared: nothing to check");
      return;
    }
    List<ExperimentResults> runs = results().parallelStream().map(ExperimentResults::load)
        .toList();
    Outcomes outcomes = Expectations.evaluate(declared, study(runs));
    Path junit = reportDirectory.toPath().resolve(JUNIT_FILE);
    JUnitXml.write(junit, "vgp expectations of " + artifactId, outcomes);

    getLog().info("Expectations over " + runs.size() + " results directories:");
    outcomes.table().forEach(line -> getLog().info("  " + line));
    getLog().info(outcomes.summary() + "; JUnit report: " + junit);
    outcomes.outcomes().stream().filter(o -> o.verdict() == Outcome.Verdict.KNOWN_FAILURE)
        .forEach(o -> getLog().warn("Known not to hold here: " + o.name() + ": measured "
            + o.measured()));
    List<Outcome> failed = outcomes.failed();
    if (failed.isEmpty()) return;
    String message = failed.size() + " of " + outcomes.outcomes().size()
        + " expectations failed:\n" + failed.stream()
            .map(o -> "  - " + o.name() + ": expected " + o.expected() + "; " + o.detail())
            .collect(Collectors.joining("\n"));
    if (failBuild) throw new MojoFailureException(message);
    getLog().warn(message);
    getLog().warn("vgp.expectations.failBuild is false: the build goes on");
  }
}
