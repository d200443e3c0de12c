package dev.vgp.train;

import dev.vgp.data.Batch;
import dev.vgp.data.BatchPipeline;
import dev.vgp.model.BatchNormPlacement;
import dev.vgp.model.ModelSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainingSessionSmokeTest {
  @Test
  void smoke() {
    SyntheticDataset data = SyntheticDataset.create(100, 32, 5, 1, 1);
    for (ModelSpec spec : new ModelSpec[] {ModelSpec.vgg08(), ModelSpec.vgg38(),
        ModelSpec.vgg38().withBatchNorm(BatchNormPlacement.ALL_BLOCK_CONVS),
        ModelSpec.vgg38().withBatchNorm(BatchNormPlacement.ALL_BLOCK_CONVS).withResidual(true)}) {
      long t0 = System.nanoTime();
      try (TrainingSession s = new TrainingSession(spec, data.normalization(), 0, 0,
          EngineOptions.forModel(spec))) {
        long t1 = System.nanoTime();
        StepStatistics st = null;
        for (int epoch = 0; epoch < 4; epoch++) {
          try (var batches = BatchPipeline.training(data.train(), 50, 0, epoch, false)) {
            while (batches.hasNext()) {
              st = s.train(batches.next(), 1e-3);
            }
          }
          System.out.println(spec.name() + " " + spec.batchNorm() + " " + spec.residual()
              + " epoch " + epoch + " loss " + st.loss() + " acc " + st.accuracy());
        }
        System.out.println("  build " + (t1 - t0) / 1e6 + " ms, train " + (System.nanoTime() - t1) / 1e6
            + " ms, device " + s.device());
        System.out.println("  meanAbs " + Arrays.toString(st.meanAbsGradient()));
        try (var v = BatchPipeline.inOrder(data.validation(), 50)) {
          System.out.println("  val " + Arrays.toString(s.evaluate(v)));
        }
      }
    }
  }
}
