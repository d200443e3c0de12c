package dev.vgp.train;

import dev.vgp.data.BatchPipeline.BatchStream;
import dev.vgp.data.BatchPipeline;
import dev.vgp.data.Dataset;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.util.List;

/**
 * The gradient flow of a freshly initialised network, without training it: diagnoses a vanishing
 * or exploding network in seconds ({@code vgp:gradient-flow -Dvgp.atInit}).
 */
public final class GradientFlowProbe {

  /** Epoch number of a measurement at initialisation in gradient_flow.csv. */
  public static final int AT_INITIALISATION = -1;

  private GradientFlowProbe() {}

  /**
   * Gradients on the first {@code batches} training batches of epoch 0, in training mode, with no
   * update: rows for epoch -1 with the last batch's mean |grad| and L2, and the mean over batches.
   */
  public static List<GradientFlowRecord> atInitialisation(ModelSpec spec, TrainingConfig config,
      Dataset data, int batches) {
    if (batches < 1) throw new IllegalArgumentException("batches must be at least 1, was " + batches);
    Trainer.requireCompatible(spec, config, data);
    try (TrainingSession session = new TrainingSession(spec, data.normalization(), config,
        EngineOptions.forModel(spec, config.bfloat16()));
        BatchStream stream = BatchPipeline.training(data.train().limit(config.trainLimit()),
            config.batchSize(), config.seed(), 0, config.augment())) {
      EpochStatistics stats = new EpochStatistics(session.layerLabels());
      while (stream.hasNext() && stats.steps() < batches) stats.add(session.probe(stream.next()));
      return stats.gradientFlow(AT_INITIALISATION);
    }
  }
}
