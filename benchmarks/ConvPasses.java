import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The three passes of one stage-0 convolution of the study (batch 100, 32x32x32 -> 32, 3x3, SAME)
 * as TensorFlow runs them, each alone in a session: the best of 5 runs after 2, in ms.
 * benchmarks/conv_passes.py times PyTorch's; with ONEDNN_VERBOSE=1 both name oneDNN's kernels.
 *
 * <p>Usage, after `mvn install`: {@code java -cp "vgp-models/target/classes:$(cat
 * vgp-models/target/benchmark.classpath)" benchmarks/ConvPasses.java} (compare.py writes the
 * classpath file).
 */
public final class ConvPasses {

  public static void main(String[] args) {
    Shape activations = Shape.of(100, 32, 32, 32);
    Shape kernel = Shape.of(3, 3, 32, 32);
    List<Long> strides = List.of(1L, 1L, 1L, 1L);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(activations));
      Placeholder<TFloat32> w = tf.placeholder(TFloat32.class, Placeholder.shape(kernel));
      Placeholder<TFloat32> dy = tf.placeholder(TFloat32.class, Placeholder.shape(activations));
      Operand<TFloat32> forward = tf.nn.conv2d(x, w, strides, "SAME");
      Operand<TFloat32> inputGradient = tf.nn.conv2dBackpropInput(
          tf.constant(new int[] {100, 32, 32, 32}), w, dy, strides, "SAME");
      Operand<TFloat32> weightGradient = tf.nn.conv2dBackpropFilter(
          x, tf.constant(new int[] {3, 3, 32, 32}), dy, strides, "SAME");
      try (Session session = new Session(graph);
          TFloat32 xs = random(activations, 1); TFloat32 ws = random(kernel, 2);
          TFloat32 dys = random(activations, 3)) {
        String[] names = {"forward", "gradient of the input", "gradient of the weights"};
        List<Operand<TFloat32>> passes = List.of(forward, inputGradient, weightGradient);
        for (int i = 0; i < passes.size(); i++) {
          long best = Long.MAX_VALUE;
          for (int run = 0; run < 7; run++) {
            long start = System.nanoTime();
            session.runner().feed(x, xs).feed(w, ws).feed(dy, dys).fetch(passes.get(i)).run()
                .close();
            if (run >= 2) best = Math.min(best, System.nanoTime() - start);
          }
          System.out.printf("TensorFlow %-24s %6.1f ms%n", names[i], best / 1e6);
        }
      }
    }
  }

  private static TFloat32 random(Shape shape, long seed) {
    Random random = new Random(seed);
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }
}
