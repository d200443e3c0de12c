package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.spec.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class AdamTest {

  private static final float[] START = {1f, -2f, 0.5f};
  /** dLoss/dw of loss = sum(w * C); the tiny last one shows where epsilon enters. */
  private static final float[] C = {0.5f, -1f, 1e-9f};

  @Test
  void stepsMatchPyTorchAdam() {
    assertArrayEquals(pytorchAdam(0, 3, 1e-3), tensorFlowAdam(0, 3, 1e-3), 1e-6f);
  }

  @Test
  void weightDecayIsL2AddedToTheGradientLikePyTorch() {
    assertArrayEquals(pytorchAdam(0.1, 3, 1e-2), tensorFlowAdam(0.1, 3, 1e-2), 1e-6f);
  }

  @Test
  void cosineScheduleStartsAtLr0AndEndsAtTheMinimumAfterTMaxEpochs() {
    TrainingConfig config = TrainingConfig.reference();
    assertEquals(1e-3, config.learningRateAt(0), 1e-15);
    assertEquals(2e-5, config.learningRateAt(config.epochs()), 1e-15);
    assertEquals((1e-3 + 2e-5) / 2, config.learningRateAt(config.epochs() / 2), 1e-12);
  }

  private static float[] tensorFlowAdam(double weightDecay, int steps, double lr) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = tf.withName("w").variable(tf.withInitScope().constant(START));
      Operand<TFloat32> loss = tf.sum(tf.math.mul(tf.identity(w), tf.constant(C)),
          tf.constant(0));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) graph.addGradients(loss.asOutput(),
          new Output<?>[] {w.asOutput()})[0];
      Adam adam = new Adam(tf, List.of(w), List.of(grad), weightDecay, List.of());
      try (Session session = new Session(graph)) {
        session.initialize();
        for (int i = 0; i < steps; i++) {
          try (Adam.Hyperparameters hyper = adam.next(lr);
              Result done = hyper.feedInto(session.runner().addTarget(adam.update())).run()) {
            adam.stepTaken();
          }
        }
        assertEquals(steps, adam.steps());
        try (Result r = session.runner().fetch(w).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          float[] out = new float[3];
          t.asRawTensor().data().asFloats().read(out);
          return out;
        }
      }
    }
  }

  /** torch.optim.Adam's update, written out in double precision. */
  private static float[] pytorchAdam(double weightDecay, int steps, double lr) {
    double[] w = {START[0], START[1], START[2]};
    double[] m = new double[3];
    double[] v = new double[3];
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < 3; i++) {
        double g = C[i] + weightDecay * w[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        double mHat = m[i] / (1 - Math.pow(0.9, t));
        double vHat = v[i] / (1 - Math.pow(0.999, t));
        w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
      }
    }
    return new float[] {(float) w[0], (float) w[1], (float) w[2]};
  }
}
