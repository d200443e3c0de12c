package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.theory.GradientFlowPrediction;
import dev.vgp.theory.InputStatistics;
import dev.vgp.train.GradientFlowProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gradient-flow-at-init} task: every planned experiment's gradient flow measured at
 * initialisation on a few training batches, without training, and recorded as epoch -1 of its
 * {@code gradient_flow.csv} (replacing an earlier measurement at initialisation, keeping the
 * epochs of training), and beside it the gradient flow that mean-field propagation predicts
 * ({@code dev.vgp.theory}).
 */
public record AtInitialisationPlan(List<FrozenPlan> plans, int batches) implements Task {

  @Override
  public TaskKind kind() {
    return TaskKind.AT_INITIALISATION;
  }

  @Override
  public void run(Worker worker) {
    if (plans.isEmpty()) return;
    RunListener listener = worker.listener();
    Dataset data = worker.load(plans.get(0).data());
    List<ExperimentDefinition> experiments = plans.stream().map(FrozenPlan::experiment).toList();
    new ExperimentPlan(experiments).requireFits(data.train().count());
    InputStatistics input = DepthSweep.inputStatistics(data);
    for (FrozenPlan plan : plans) {
      ExperimentDefinition experiment = plan.experiment();
      listener.info(experiment.id() + ": measuring the gradient flow at initialisation on "
          + batches + " batches of " + experiment.training().batchSize());
      List<GradientFlowRecord> atInit = new ArrayList<>(GradientFlowProbe.atInitialisation(
          experiment.model(), experiment.training(), data, batches));
      double[] predicted = GradientFlowPrediction.of(experiment.model(),
          experiment.training().batchSize(), input).meanAbsGradient();
      List<String> layers = experiment.model().gradientLayerLabels();
      for (int i = 0; i < predicted.length; i++) {
        atInit.add(new GradientFlowRecord(GradientFlowProbe.AT_INITIALISATION, i, layers.get(i),
            GradientStatistic.PREDICTED_MEAN_ABS, predicted[i]));
      }
      ResultsDirectory results = new ResultsDirectory(plan.resultsDirectory());
      // merging into gradient_flow.csv writes it: not while a training run does
      try (WriterLock lock = WriterLock.acquire(results.root(), WriterLock.Policy.failFast(),
          listener.withPrefix(experiment.id() + ": "))) {
        List<GradientFlowRecord> merged = new ArrayList<>(atInit);
        results.readGradientFlow().stream().filter(r -> r.epoch() >= 0).forEach(merged::add);
        results.writeGradientFlow(merged);
      }
    }
  }

  @Override
  public String describe(Path directory) {
    return "measuring the gradient flow at initialisation";
  }

  @Override
  public String rerunHint(Path directory) {
    return "Run the goal again to measure anew.";
  }
}
