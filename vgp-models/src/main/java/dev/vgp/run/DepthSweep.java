package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.data.ImageSet;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.BranchInit;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Settings;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.theory.GradientFlowPrediction;
import dev.vgp.theory.InputStatistics;
import dev.vgp.train.GradientFlowProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How deep each variant of the study's VGG can go before its gradient vanishes at
 * initialisation: for each variant (plain, BN, RC, BN + RC and the modern cures), each
 * initialisation and each number of blocks per stage, the first/last layer gradient ratio
 * measured on a few batches of the data and predicted by mean-field propagation, written to
 * {@code depth_sweep.csv} ({@link DepthSweepRow}), which the report draws.
 */
public final class DepthSweep {

  /** Images whose pixel statistics start the prediction: enough for a steady average. */
  private static final int STATISTICS_IMAGES = 64;

  /**
   * What to sweep.
   *
   * @param blocksPerStage the depths, as processing blocks per stage (0: VGG08, 5: VGG38)
   * @param batchSize images per measured batch
   * @param batches batches measured per model; the last one's ratio is recorded, as the
   *     diagnosis reads a gradient flow
   */
  public record Plan(List<Integer> blocksPerStage, List<Initialization> initializations,
      int batchSize, int batches, long seed) {

    public Plan {
      blocksPerStage = List.copyOf(blocksPerStage);
      initializations = List.copyOf(initializations);
      if (blocksPerStage.isEmpty() || blocksPerStage.stream().anyMatch(b -> b < 0)) {
        throw new IllegalArgumentException("the depth sweep needs one or more numbers of blocks"
            + " per stage, none negative, e.g. 0,1,2,3,5,8,12; got " + blocksPerStage);
      }
      if (initializations.isEmpty()) {
        throw new IllegalArgumentException("the depth sweep needs an initialisation to sweep");
      }
      if (batchSize < 1 || batches < 1) {
        throw new IllegalArgumentException("the depth sweep needs a batch size and a number of"
            + " batches of at least 1, got " + batchSize + " and " + batches);
      }
    }
  }

  private DepthSweep() {}

  /**
   * The swept variants: the study's deep models and its three modern cures, each a value of the
   * one specification, named by {@link #variantName}.
   */
  public static List<ModelSpec> variants() {
    ModelSpec plain = ModelSpec.vgg38();
    ModelSpec bn = plain.with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS);
    ModelSpec rc = plain.with("residual", true);
    ModelSpec bnRc = bn.with("residual", true);
    return List.of(plain, bn, rc, bnRc, bnRc.with("branchInit", BranchInit.ZERO_GAMMA),
        rc.with("branchInit", BranchInit.REZERO), rc.with("branchInit", BranchInit.FIXUP));
  }

  /** "plain", or the model's cures as the study names them, e.g. "RC + ReZero". */
  public static String variantName(ModelSpec model) {
    return model.cures().isEmpty() ? "plain" : String.join(" + ", model.cures());
  }

  /** Measures and predicts every point of {@code plan} on {@code data}. */
  static List<DepthSweepRow> measure(Dataset data, Plan plan, Consumer<String> log) {
    InputStatistics input = inputStatistics(data);
    TrainingConfig training = Settings.with(TrainingConfig.reference(), Map.of("batchSize",
        plan.batchSize(), "seed", plan.seed(), "augment", false));
    List<DepthSweepRow> rows = new ArrayList<>();
    for (ModelSpec variant : variants()) {
      for (Initialization init : plan.initializations()) {
        for (int blocks : plan.blocksPerStage()) {
          ModelSpec model = variant.with("blocksPerStage", blocks).with("initialization", init)
              .forData(data.train().channels(), data.train().height(), data.numClasses());
          long start = System.nanoTime();
          double measured = firstToLast(GradientFlowProbe.atInitialisation(model, training, data,
              plan.batches()));
          double predicted = GradientFlowPrediction.of(model, plan.batchSize(), input)
              .firstToLastRatio();
          DepthSweepRow row = new DepthSweepRow(variantName(model), init, blocks,
              model.layout().weightLayers(), measured, predicted);
          rows.add(row);
          log.accept(String.format(Locale.ROOT, "depth sweep: %s, %s init, %d blocks per stage"
                  + " (%d weight layers): first/last ratio measured %.1e, predicted %.1e (%.1f s)",
              row.variant(), Settings.text(init), blocks, row.weightLayers(), measured, predicted,
              (System.nanoTime() - start) / 1e9));
        }
      }
    }
    return rows;
  }

  /** The pixel statistics of the first training images, as the prediction starts from them. */
  static InputStatistics inputStatistics(Dataset data) {
    ImageSet images = data.train();
    return InputStatistics.of(images.pixels(), Math.min(STATISTICS_IMAGES, images.count()),
        images.height(), images.channels(), data.normalization());
  }

  private static double firstToLast(List<GradientFlowRecord> records) {
    double[] values = records.stream()
        .filter(r -> r.statistic() == GradientStatistic.LAST_BATCH_MEAN_ABS)
        .mapToDouble(GradientFlowRecord::value).toArray();
    return values[0] / values[values.length - 1];
  }
}
