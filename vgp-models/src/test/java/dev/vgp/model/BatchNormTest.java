package dev.vgp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class BatchNormTest {

  /** Four 1x1 "images" with two channels: channel 0 = 1, 2, 3, 6; channel 1 = -1, 1, -1, 1. */
  private static final float[] X = {1, -1, 2, 1, 3, -1, 6, 1};

  @Test
  void trainingUsesBatchStatisticsAndUpdatesMovingStatisticsLikePyTorch() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> x = tf.constant(Shape.of(4, 1, 1, 2), DataBuffers.of(X));
      BatchNorm bn = new BatchNorm(tf, "bn", 2, 1f);
      List<Op> updates = new ArrayList<>();
      Operand<TFloat32> training = bn.training(x, updates);
      Operand<TFloat32> inference = bn.inference(x);
      try (Session session = new Session(graph)) {
        session.initialize();
        Session.Runner step = session.runner().fetch(training);
        updates.forEach(step::addTarget);
        float[] y;
        try (Result r = step.run()) {
          y = values(r);
        }
        // channel 0: mean 3, biased variance 3.5, unbiased 14/3; channel 1: mean 0, var 1 (4/3)
        float[] expected = new float[8];
        double[] mean = {3, 0};
        double[] biased = {3.5, 1};
        for (int i = 0; i < 8; i++) {
          int c = i % 2;
          expected[i] = (float) ((X[i] - mean[c]) / Math.sqrt(biased[c] + 1e-5));
        }
        assertArrayEquals(expected, y, 1e-5f);

        float[] movingMean = {0.1f * 3, 0};
        float[] movingVariance = {0.9f + 0.1f * 14 / 3f, 0.9f + 0.1f * 4 / 3f};
        try (Result r = session.runner().fetch(bn.movingMean).fetch(bn.movingVariance).run()) {
          assertArrayEquals(movingMean, values(r, 0), 1e-6f);
          assertArrayEquals(movingVariance, values(r, 1), 1e-6f);
        }
        try (Result r = session.runner().fetch(inference).run()) {
          float[] z = values(r);
          for (int i = 0; i < 8; i++) {
            int c = i % 2;
            assertEquals((X[i] - movingMean[c]) / Math.sqrt(movingVariance[c] + 1e-5), z[i],
                1e-5, "inference output " + i);
          }
        }
      }
    }
  }

  private static float[] values(Result result) {
    return values(result, 0);
  }

  private static float[] values(Result result, int index) {
    TFloat32 t = (TFloat32) result.get(index);
    float[] out = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }
}
