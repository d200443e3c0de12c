package dev.vgp.maven;

import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.report.GradientFlowReview;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.RunLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Plots each experiment's recorded gradient flow (mean |dLoss/dW| per layer, one line per epoch;
 * log and linear scale, SVG and PNG, into {@code <outputDirectory>/<id>/plots/}) and prints a
 * diagnosis: the first/last layer ratio and where the gradient starts to vanish or explode.
 *
 * <p>With {@code -Dvgp.atInit} it first measures the gradient flow at initialisation on a few
 * batches, without training: the quickest way to see VGG38 vanish. Beside the measurement it
 * records, plots and prints the gradient flow that mean-field propagation predicts from the
 * model's specification (dev.vgp.theory), layer by layer, naming the layers where the two differ
 * by more than 10x.
 */
@Mojo(name = "gradient-flow", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST,
    threadSafe = true, configurator = CheckedConfigurator.HINT)
public class GradientFlowMojo extends AbstractTrainingMojo {

  /** Measure the gradient flow at initialisation (recorded as epoch -1) before plotting. */
  @Parameter(property = "vgp.atInit", defaultValue = "false")
  boolean atInit;

  /** Training batches to measure at initialisation. */
  @Parameter(property = "vgp.atInitBatches", defaultValue = "5")
  @Range("[1, inf)")
  int atInitBatches;

  @Override
  protected void run() throws MojoFailureException {
    ExperimentPlan plan = plan();
    ExperimentRunner runner = runner(ExperimentRunner.Options.defaults(), Duration.ZERO);
    if (atInit) {
      try (runner) {
        runner.measureAtInitialisation(plan, fetchRequest(), atInitBatches,
            new RunLog(new MavenLogSink(getLog()), Duration.ZERO));
      }
    }
    List<String> unrecorded = new ArrayList<>();
    for (ExperimentDefinition experiment : plan.experiments()) {
      Optional<GradientFlowReview> review = GradientFlowReview.of(runner.resultsOf(experiment));
      if (review.isEmpty()) {
        unrecorded.add(experiment.id());
        continue;
      }
      getLog().info(experiment.id() + " (" + experiment.label() + "): plots in "
          + review.get().plots().get(0).getParent());
      for (GradientDiagnosis diagnosis : review.get().diagnoses()) {
        getLog().info("  " + diagnosis.text());
      }
      review.get().predicted().ifPresent(predicted -> {
        getLog().info("  " + predicted.summary());
        predicted.table().forEach(line -> getLog().info("    " + line));
      });
    }
    if (!unrecorded.isEmpty()) {
      throw new MojoFailureException("no gradient flow is recorded for "
          + String.join(", ", unrecorded) + " in " + outputDirectory
          + ": run vgp:train first, or measure at initialisation with -Dvgp.atInit");
    }
  }
}
