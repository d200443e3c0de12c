package dev.vgp.report;

import dev.vgp.results.Environments;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ResourceUse;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TestMetrics;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes recorded results shaped like the study's seven runs, through the real writers: plain
 * VGG08 healthy, plain VGG38 vanishing (1e-19 at the input, exact zeros in its last epoch, a
 * measurement at initialisation), the cured variants healthy, and VGG38 BN at 1e-3 unfinished.
 */
public final class StudyFixture {

  /** How a run's gradient flows; values are mean |dLoss/dW| per layer. */
  public enum Flow { HEALTHY, VANISHING }

  public record Run(String id, String label, ModelSpec model, double lr, double finalValAccuracy,
      Flow flow, boolean finished) {}

  public static final List<Run> RUNS = List.of(
      new Run("vgg08", "VGG08", ModelSpec.vgg08(), 1e-3, 0.4684, Flow.HEALTHY, true),
      new Run("vgg38", "VGG38", ModelSpec.vgg38(), 1e-3, 0.01, Flow.VANISHING, true),
      new Run("vgg38-bn-1e-2", "VGG38 BN", bn(), 1e-2, 0.4672, Flow.HEALTHY, true),
      new Run("vgg38-bn-1e-3", "VGG38 BN", bn(), 1e-3, 0.4392, Flow.HEALTHY, false),
      new Run("vgg38-rc", "VGG38 RC", ModelSpec.vgg38().with("residual", true), 1e-3, 0.5232,
          Flow.HEALTHY, true),
      new Run("vgg38-bn-rc-1e-3", "VGG38 BN + RC", bn().with("residual", true), 1e-3, 0.59,
          Flow.HEALTHY, true),
      new Run("vgg38-bn-rc-1e-2", "VGG38 BN + RC", bn().with("residual", true), 1e-2, 0.6136,
          Flow.HEALTHY, true));

  private StudyFixture() {}

  private static ModelSpec bn() {
    return ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS);
  }

  /** Writes all seven runs under {@code root}, each planned for {@code epochs} epochs. */
  public static List<Path> writeStudy(Path root, int epochs) {
    List<Path> directories = new ArrayList<>();
    for (Run run : RUNS) directories.add(write(root.resolve(run.id()), run, epochs));
    return directories;
  }

  /**
   * Writes all seven runs over {@code seeds} seeds, as {@code -Dvgp.seeds} names them (seed k
   * of run x in x-seed{k}, the first in x). Seed k's accuracies are {@code spread} * (k - 1) *
   * d away from the run's, d = -1, 0, 1, -1, ... in {@link #RUNS}' order, so that the seeds'
   * mean is the run's own and the order of two runs can change from seed to seed.
   */
  public static List<Path> writeSeeds(Path root, int epochs, int seeds, double spread) {
    List<Path> directories = new ArrayList<>();
    for (int i = 0; i < RUNS.size(); i++) {
      Run run = RUNS.get(i);
      for (int k = 0; k < seeds; k++) {
        String id = k == 0 ? run.id() : run.id() + "-seed" + k;
        Run seeded = new Run(id, run.label(), run.model(), run.lr(),
            run.finalValAccuracy() + spread * (k - 1) * (i % 3 - 1), run.flow(),
            run.finished());
        directories.add(write(root.resolve(id), seeded, epochs, k));
      }
    }
    return directories;
  }

  public static Run run(String id) {
    return RUNS.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  public static Path write(Path directory, Run run, int epochs) {
    return write(directory, run, epochs, 0);
  }

  private static Path write(Path directory, Run run, int epochs, long seed) {
    ResultsDirectory results = new ResultsDirectory(directory);
    TrainingConfig training = TrainingConfig.reference().with("learningRate", run.lr())
        .with("epochs", epochs).with("seed", seed);
    int recorded = run.finished() ? epochs : Math.max(1, epochs / 2);
    ExperimentRecord record = new ExperimentRecord(run.id(), run.label(),
        run.finished() ? ExperimentRecord.Status.FINISHED : ExperimentRecord.Status.RUNNING,
        run.model().with("name", run.label()), training, "cifar100",
        "03b5dce01913d631647c71ecec9e9cb8", "0.1.0-SNAPSHOT",
        Environments.of(run.finished()
            ? Map.of("device", "/device:CPU:0", "javaVersion", "17.0.15", "tensorflowVersion",
                "2.18.0", "startedAt", "2026-11-27T08:00:00Z", "finishedAt",
                "2026-11-27T09:00:00Z")
            : Map.of("javaVersion", "17.0.15", "tensorflowVersion", "2.18.0", "startedAt",
                "2026-11-27T08:00:00Z")));
    results.writeExperiment(record);
    results.writeSummary(summary(run, training, recorded));
    results.writeGradientFlow(gradientFlow(run, recorded));
    if (run.finished()) {
      results.writeTestSummary(new TestMetrics(recorded - 1, 1.9, run.finalValAccuracy() - 0.003));
    }
    return directory;
  }

  /** Curves that approach the run's final accuracy; train overfits a little past validation. */
  private static List<EpochMetrics> summary(Run run, TrainingConfig training, int recorded) {
    List<EpochMetrics> rows = new ArrayList<>();
    for (int e = 0; e < recorded; e++) {
      double progress = 1 - Math.exp(-3.0 * (e + 1) / training.epochs());
      double progressAtEnd = 1 - Math.exp(-3.0);
      double val = 0.01 + (run.finalValAccuracy() - 0.01) * progress / progressAtEnd;
      double train = Math.min(0.99, val * 1.1);
      double valLoss = 4.6 - 2.8 * (val - 0.01) / 0.6;
      rows.add(new EpochMetrics(e, training.learningRateAt(e), valLoss - 0.2 * (train - val),
          train, valLoss, val, 30 + e % 3, 400, ResourceUse.UNMEASURED));
    }
    return rows;
  }

  private static List<GradientFlowRecord> gradientFlow(Run run, int recorded) {
    List<String> layers = run.model().gradientLayerLabels();
    List<GradientFlowRecord> rows = new ArrayList<>();
    int first = run.flow() == Flow.VANISHING ? -1 : 0;
    for (int e = first; e < recorded; e++) {
      for (int l = 0; l < layers.size(); l++) {
        double value = value(run.flow(), l, layers.size(), e, recorded);
        rows.add(new GradientFlowRecord(e, l, layers.get(l),
            GradientStatistic.LAST_BATCH_MEAN_ABS, value));
        rows.add(new GradientFlowRecord(e, l, layers.get(l), GradientStatistic.EPOCH_MEAN_ABS,
            value * 1.1));
        rows.add(new GradientFlowRecord(e, l, layers.get(l), GradientStatistic.LAST_BATCH_L2,
            value * 50));
      }
    }
    return rows;
  }

  /**
   * Healthy: 0.135 at the input conv falling to about 0.01, logits 0.028 (the reference's VGG08
   * at epoch 99), larger in early epochs. Vanishing: 2e-4 at the logits falling geometrically to
   * about 1e-19 at the input (the reference's VGG38), and in the last epoch the two entry layers
   * are exactly 0 as the reference's linear plot shows them.
   */
  static double value(Flow flow, int layer, int layers, int epoch, int recorded) {
    if (flow == Flow.VANISHING) {
      if (epoch == recorded - 1 && layer < 2) return 0;
      return 2e-4 * Math.pow(10, -15.3 * (layers - 1 - layer) / (layers - 1));
    }
    double scale = 1 + 1.0 / (epoch + 2);
    if (layer == layers - 1) return 0.028 * scale;
    return (0.01 + 0.125 * Math.exp(-3.0 * layer / layers)) * scale;
  }
}
