package dev.vgp.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * One batch-norm layer with PyTorch's BatchNorm2d semantics (eps 1e-5, momentum 0.1): its
 * trainable gamma and beta, and the moving statistics that inference normalises with.
 *
 * <p>In training mode TensorFlow's fused op normalises with the batch statistics and, given the
 * moving statistics and {@code exponentialAvgFactor = momentum}, returns the updated moving
 * statistics computed with the unbiased batch variance, which is exactly PyTorch's update.
 */
final class BatchNorm {

  static final float EPSILON = 1e-5f;
  static final float MOMENTUM = 0.1f;

  final Variable<TFloat32> gamma;
  final Variable<TFloat32> beta;
  final Variable<TFloat32> movingMean;
  final Variable<TFloat32> movingVariance;
  private final Ops tf;

  BatchNorm(Ops tf, String label, int channels, float initialGamma) {
    this.tf = tf;
    Shape shape = Shape.of(channels);
    gamma = ModelGraph.filledVariable(tf, label + ".gamma", shape, initialGamma);
    beta = ModelGraph.filledVariable(tf, label + ".beta", shape, 0f);
    movingMean = ModelGraph.filledVariable(tf, label + ".moving_mean", shape, 0f);
    movingVariance = ModelGraph.filledVariable(tf, label + ".moving_variance", shape, 1f);
  }

  /** Normalises with the batch's statistics; adds the moving-statistics updates to {@code updates}. */
  Operand<TFloat32> training(Operand<TFloat32> x, List<Op> updates) {
    FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, movingMean,
        movingVariance, FusedBatchNorm.epsilon(EPSILON),
        FusedBatchNorm.exponentialAvgFactor(MOMENTUM), FusedBatchNorm.isTraining(true));
    updates.add(tf.assign(movingMean, bn.batchMean()));
    updates.add(tf.assign(movingVariance, bn.batchVariance()));
    return bn.y();
  }

  /** Normalises with the moving statistics. */
  Operand<TFloat32> inference(Operand<TFloat32> x) {
    return tf.nn.fusedBatchNorm(x, gamma, beta, movingMean, movingVariance,
        FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(false)).y();
  }
}
