package dev.vgp.train;

import dev.vgp.model.ModelGraph;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} computes it, built from one {@code ApplyAdam} op per
 * trainable variable. The learning rate, the bias-correction powers and epsilon are fed each step,
 * so the schedule and a resumed step count need no graph change.
 *
 * <p>TensorFlow's ApplyAdam adds epsilon to sqrt(v) before bias correction, PyTorch after; feeding
 * {@code epsilon * sqrt(1 - beta2^t)} makes the two identical. This matters here: the vanishing
 * gradients of VGG38 sit far below epsilon, so epsilon decides how far those layers move.
 *
 * <p>Weight decay, when set, is PyTorch Adam's: L2 added to the gradient ({@code g + wd * w}),
 * not AdamW's decoupled decay. It applies to every trainable variable, as PyTorch's default group.
 */
final class Adam {

  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final Placeholder<TFloat32> epsilon;
  private final Op update;
  private long step;

  /**
   * @param gradients dLoss/dVariable for each variable, in the same order
   * @param readFirst what must have read the variables before any is updated (besides the
   *     gradients), e.g. copies of their values
   */
  Adam(Ops tf, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients,
      double weightDecay, List<Op> readFirst) {
    learningRate = scalar(tf, "adam.learning_rate");
    beta1Power = scalar(tf, "adam.beta1_power");
    beta2Power = scalar(tf, "adam.beta2_power");
    epsilon = scalar(tf, "adam.epsilon");
    List<Operand<TFloat32>> effective = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Operand<TFloat32> g = gradients.get(i);
      // read through identity: elementwise ops on a variable itself crash TF Java's gradient code
      effective.add(weightDecay == 0 ? g : tf.math.add(g, tf.math.mul(
          tf.constant((float) weightDecay), tf.identity(variables.get(i)))));
    }
    // Every update waits for every gradient (TF1's GATE_GRAPH): an in-place update must not
    // change a weight that a not yet computed gradient still reads.
    List<Op> gate = new ArrayList<>(effective.stream().map(g -> (Op) g::op).toList());
    gate.addAll(readFirst);
    Ops gated = tf.withControlDependencies(gate);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> v = variables.get(i);
      String name = v.op().name();
      Variable<TFloat32> m = ModelGraph.filledVariable(tf, name + ".adam_m", v.shape(), 0f);
      Variable<TFloat32> s = ModelGraph.filledVariable(tf, name + ".adam_v", v.shape(), 0f);
      updates.add(gated.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate,
          tf.constant((float) BETA1), tf.constant((float) BETA2), epsilon, effective.get(i)));
    }
    update = tf.withControlDependencies(updates).withName("adam.update").noOp();
  }

  /** The op applying one step to every variable. */
  Op update() {
    return update;
  }

  /** Steps taken so far; the next step is number {@code steps() + 1}. */
  long steps() {
    return step;
  }

  /** Continues counting from a checkpoint. */
  void resumeAt(long stepsTaken) {
    step = stepsTaken;
  }

  /** The scalars of the next step, to feed with its run; close them after the run. */
  Hyperparameters next(double lr) {
    long t = step + 1;
    double b2t = Math.pow(BETA2, t);
    return new Hyperparameters(TFloat32.scalarOf((float) lr),
        TFloat32.scalarOf((float) Math.pow(BETA1, t)), TFloat32.scalarOf((float) b2t),
        TFloat32.scalarOf((float) (EPSILON * Math.sqrt(1 - b2t))));
  }

  /** Records that the step fed by {@link #next} has run. */
  void stepTaken() {
    step++;
  }

  /** The four fed scalars of one step. */
  final class Hyperparameters implements AutoCloseable {
    private final TFloat32[] values;

    private Hyperparameters(TFloat32... values) {
      this.values = values;
    }

    Session.Runner feedInto(Session.Runner runner) {
      return runner.feed(learningRate, values[0]).feed(beta1Power, values[1])
          .feed(beta2Power, values[2]).feed(epsilon, values[3]);
    }

    @Override
    public void close() {
      for (TFloat32 value : values) value.close();
    }
  }

  private static Placeholder<TFloat32> scalar(Ops tf, String name) {
    return tf.withName(name).placeholder(TFloat32.class,
        Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
  }
}
