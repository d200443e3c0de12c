package dev.vgp.theory;

import dev.vgp.spec.Initialization.Distribution;
import dev.vgp.spec.Layer;
import dev.vgp.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradient flow a model should show at initialisation (mean |dLoss/dW| per gradient layer, as
 * {@code gradient_flow.csv} records it), predicted from its specification and the second moments
 * of its input ({@link InputStatistics}): no TensorFlow, no training. Mean-field signal
 * propagation over the randomness of the initialisation, walked over the model's one layout
 * ({@link ModelSpec#layout()}), in three passes:
 *
 * <ol>
 *   <li>forward, per activation, its second moment between two positions of one image as a
 *       function of their offset, and between two images; and its mean. A conv with zero-mean
 *       weights keeps the spatial shape and scales it by the taps both positions see inside the
 *       map times the weights' variance, its bias adds its variance everywhere; a leaky ReLU maps each entry by the Gaussian kernel of
 *       its input pair (closed form at mean 0, integrated on the residual stream, whose mean is
 *       that of a leaky ReLU's output); BN (training mode) removes the channel mean and divides
 *       by the variance; pooling averages the entries;
 *   <li>backward, the gradient's second moment per offset, from the softmax cross-entropy's at the
 *       logits (uniform softmax, mean over the batch): a conv scales it by fan-out times the
 *       weights' variance, a leaky ReLU by the expected product of its two slopes, BN by
 *       gamma^2 / the variance of its input, pooling spreads it, a residual sum passes it to both
 *       the skip and the branch;
 *   <li>per gradient layer, E[(dL/dW)^2] as the sum over the batch and all pairs of positions of
 *       input moment times gradient moment at the same offset: pairs of positions count, not only
 *       positions, because near the global average pool the gradient is the same at every
 *       position and the terms add coherently. mean |dL/dW| = sqrt(2/pi E[(dL/dW)^2]).
 * </ol>
 *
 * <p>The entry BN makes the rest independent of the input's scale, not of its spatial
 * correlation. docs/engine.md has the derivation and where it holds.
 */
public final class GradientFlowPrediction {

  /** BN's epsilon, as the graph's (PyTorch's). */
  private static final double BN_EPSILON = 1e-5;

  private final List<String> layers;
  private final double[] meanAbs;

  private GradientFlowPrediction(List<String> layers, double[] meanAbs) {
    this.layers = layers;
    this.meanAbs = meanAbs;
  }

  /**
   * The prediction for {@code spec} at initialisation, measured as the mean over
   * {@code batchSize} images of the loss.
   */
  public static GradientFlowPrediction of(ModelSpec spec, int batchSize, InputStatistics input) {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
    if (input.size() != spec.imageSize()) {
      throw new IllegalArgumentException("the input statistics are of " + input.size() + "x"
          + input.size() + " images, model " + spec.name() + " takes " + spec.imageSize());
    }
    Map<String, Double> squares = new Propagation(spec, batchSize, input).gradientSquares();
    List<String> labels = spec.gradientLayerLabels();
    double[] meanAbs = new double[labels.size()];
    for (int i = 0; i < meanAbs.length; i++) {
      meanAbs[i] = Math.sqrt(2 / Math.PI * squares.get(labels.get(i)));
    }
    return new GradientFlowPrediction(labels, meanAbs);
  }

  /** The gradient layers, in network order, as {@link ModelSpec#gradientLayerLabels()}. */
  public List<String> layers() {
    return layers;
  }

  /** The predicted mean |dLoss/dW| of each layer, in network order. */
  public double[] meanAbsGradient() {
    return meanAbs.clone();
  }

  /** The first layer's predicted value over the last's, as the diagnosis reads the measured. */
  public double firstToLastRatio() {
    return meanAbs[0] / meanAbs[meanAbs.length - 1];
  }

  // ---- the propagation ----

  /**
   * Second moments of an activation over the initialisation and the data, per channel: between
   * two positions of one image at each offset (a (2L-1) x (2L-1) grid for an L x L map, offset 0
   * in the middle), between two images, and the mean; and when it is exactly a leaky ReLU's
   * output, what went in and the slope.
   */
  private record Signal(int size, int channels, double[] sameImage, double otherImage,
      double mean, Rectified rectified) {

    Signal(int size, int channels, double[] sameImage, double otherImage, double mean) {
      this(size, channels, sameImage, otherImage, mean, null);
    }

    double variance() {
      return sameImage[Grid.centre(size)] - mean * mean;
    }
  }

  /**
   * A signal that is f(u) for a leaky ReLU f of slope {@code slope} and a Gaussian u: a second
   * leaky ReLU on it, as on a residual stream whose branch adds nothing (a cure at
   * initialisation), is then f(f(u)), a leaky ReLU of u with the product of the slopes. The
   * stream is not Gaussian, and taken as one it would lose its negative part at every block.
   */
  private record Rectified(Signal input, double slope) {}

  /** Second moments of the loss's gradient at an activation, per offset within one image. */
  private record Sensitivity(int size, double[] sameImage, Masked masked) {

    Sensitivity(int size, double[] sameImage) {
      this(size, sameImage, null);
    }
  }

  /**
   * A gradient that a leaky ReLU of slope {@code slope} on the Gaussian {@code input} has just
   * masked: a second leaky ReLU with the same sign (the first's input, one block earlier on a
   * stream whose branch adds nothing) masks it with the same positions, so the two slopes
   * multiply rather than their expectations.
   */
  private record Masked(Signal input, double slope) {}

  /** A layer with what came in and went out of it, and for a residual sum its branch's steps. */
  private record Step(Layer layer, Signal in, Signal out, List<Step> branch) {}

  private static final class Propagation {
    private final ModelSpec spec;
    private final int batch;
    private final InputStatistics input;
    private final Map<String, Double> squares = new LinkedHashMap<>();

    Propagation(ModelSpec spec, int batch, InputStatistics input) {
      this.spec = spec;
      this.batch = batch;
      this.input = input;
    }

    Map<String, Double> gradientSquares() {
      List<Step> steps = new ArrayList<>();
      Signal logits = forward(spec.layout().layers(), new Signal(input.size(),
          spec.inputChannels(), input.sameImage(), input.otherImage(), 0), steps);
      int classes = logits.channels();
      // (softmax - one-hot) / batch, with the softmax uniform: sum over classes 1 - 1/K
      double atLogits = (1 - 1.0 / classes) / classes / ((double) batch * batch);
      backward(steps, new Sensitivity(1, new double[] {atLogits}));
      return squares;
    }

    // ---- forward ----

    private Signal forward(List<Layer> layers, Signal x, List<Step> steps) {
      for (Layer layer : layers) {
        List<Step> branch = new ArrayList<>();
        Signal out = forward(layer, x, branch);
        steps.add(new Step(layer, x, out, branch));
        x = out;
      }
      return x;
    }

    private Signal forward(Layer layer, Signal x, List<Step> branch) {
      if (layer instanceof Layer.Conv conv) return convolution(x, conv);
      if (layer instanceof Layer.Dense dense) {
        return linear(x, dense.outputs(), dense.inputs() * weights(dense).variance(),
            spec.initialization().bias(dense.inputs()).variance());
      }
      if (layer instanceof Layer.BatchNorm bn) return scaled(normalised(x), bn.initialGamma());
      if (layer instanceof Layer.LeakyRelu relu) return leakyRelu(x, relu.slope());
      if (layer instanceof Layer.AveragePool pool) return averagePool(x, pool.window());
      if (layer instanceof Layer.GlobalAveragePool) {
        return new Signal(1, x.channels(),
            new double[] {Grid.meanOverPairs(x.sameImage(), x.size())}, x.otherImage(),
            x.mean());
      }
      if (layer instanceof Layer.Scale scale) {
        return scale.initial() == 1 ? x : scaled(x, scale.initial());
      }
      if (layer instanceof Layer.ScalarBias) return x; // 0 at initialisation
      if (layer instanceof Layer.Residual residual) {
        Signal b = forward(residual.branch(), x, branch);
        if (Arrays.stream(b.sameImage()).allMatch(v -> v == 0) && b.otherImage() == 0) return x;
        double cross = 2 * x.mean() * b.mean();
        double[] same = x.sameImage().clone();
        for (int i = 0; i < same.length; i++) same[i] += b.sameImage()[i] + cross;
        return new Signal(x.size(), x.channels(), same, x.otherImage() + b.otherImage() + cross,
            x.mean() + b.mean());
      }
      throw new IllegalArgumentException("no prediction for layer " + layer);
    }

    private Distribution weights(Layer.Dense dense) {
      return spec.initialization().kernel(dense.inputs(), dense.outputs());
    }

    /**
     * Zero-mean weights: each moment is the input's at the same offset summed over the taps that
     * both positions see, times the weights' variance, plus the bias's variance; between two
     * images the taps are averaged over all pairs of positions.
     */
    private Signal convolution(Signal x, Layer.Conv conv) {
      double gain = conv.inputChannels() * kernel(conv).variance();
      double biasVariance = conv.bias() ? spec.initialization().bias(conv.fanIn()).variance() : 0;
      double[] taps = Grid.sharedTaps(x.size(), conv.kernel());
      double[] same = new double[taps.length];
      for (int i = 0; i < same.length; i++) {
        same[i] = gain * taps[i] * x.sameImage()[i] + biasVariance;
      }
      return new Signal(x.size(), conv.outputChannels(), same,
          gain * Grid.meanOverPairs(taps, x.size()) * x.otherImage() + biasVariance, 0);
    }

    private Distribution kernel(Layer.Conv conv) {
      return spec.initialization().kernel(conv.fanIn(), conv.fanOut()).times(conv.initScale());
    }

    /** Zero-mean weights: every moment scaled by {@code gain}, plus the bias's variance. */
    private static Signal linear(Signal x, int channels, double gain, double biasVariance) {
      double[] same = new double[x.sameImage().length];
      for (int i = 0; i < same.length; i++) same[i] = gain * x.sameImage()[i] + biasVariance;
      return new Signal(x.size(), channels, same, gain * x.otherImage() + biasVariance, 0);
    }

    /** BN in training mode with gamma 1 and beta 0: the channel's batch mean and variance out. */
    private Signal normalised(Signal x) {
      double batchMean = batchMeanSquare(x.sameImage(), x.size(), x.otherImage());
      double variance = x.sameImage()[Grid.centre(x.size())] - batchMean;
      double[] same = new double[x.sameImage().length];
      for (int i = 0; i < same.length; i++) {
        same[i] = (x.sameImage()[i] - batchMean) / (variance + BN_EPSILON);
      }
      return new Signal(x.size(), x.channels(), same,
          (x.otherImage() - batchMean) / (variance + BN_EPSILON), 0);
    }

    /** E[(mean over a batch's images and positions)^2] of a channel. */
    private double batchMeanSquare(double[] sameImage, int size, double otherImage) {
      return Grid.meanOverPairs(sameImage, size) / batch + (1 - 1.0 / batch) * otherImage;
    }

    private static Signal scaled(Signal x, double factor) {
      double[] same = x.sameImage().clone();
      for (int i = 0; i < same.length; i++) same[i] *= factor * factor;
      return new Signal(x.size(), x.channels(), same, x.otherImage() * factor * factor,
          x.mean() * factor);
    }

    private static Signal leakyRelu(Signal x, double slope) {
      if (x.rectified() != null) {
        Rectified r = x.rectified();
        return rectified(r.input(), r.slope() * slope);
      }
      return rectified(x, slope);
    }

    /** f(u) for a leaky ReLU f of {@code slope}, u taken as Gaussian. */
    private static Signal rectified(Signal u, double slope) {
      double m = u.mean();
      double v = u.variance();
      double[] same = new double[u.sameImage().length];
      for (int i = 0; i < same.length; i++) {
        same[i] = Gaussian.product(m, v, u.sameImage()[i] - m * m, slope);
      }
      return new Signal(u.size(), u.channels(), same,
          Gaussian.product(m, v, u.otherImage() - m * m, slope), Gaussian.mean(m, v, slope),
          new Rectified(u, slope));
    }

    private static Signal averagePool(Signal x, int window) {
      int coarse = x.size() / window;
      double[] same = new double[Grid.cells(coarse)];
      for (int dy = 1 - coarse; dy < coarse; dy++) {
        for (int dx = 1 - coarse; dx < coarse; dx++) {
          // mean over the window's pairs: offset window * d + (j - i) per axis
          double sum = 0;
          for (int ey = 1 - window; ey < window; ey++) {
            for (int ex = 1 - window; ex < window; ex++) {
              double pairs = (window - Math.abs(ex)) * (window - Math.abs(ey));
              sum += pairs * x.sameImage()[Grid.index(window * dx + ex, window * dy + ey,
                  x.size())];
            }
          }
          same[Grid.index(dx, dy, coarse)] = sum / Math.pow(window, 4);
        }
      }
      return new Signal(coarse, x.channels(), same, x.otherImage(), x.mean());
    }

    // ---- backward ----

    /** The gradient's moments at the input of {@code steps}, recording the weights' on the way. */
    private Sensitivity backward(List<Step> steps, Sensitivity atOutput) {
      Sensitivity d = atOutput;
      for (int i = steps.size() - 1; i >= 0; i--) d = backward(steps.get(i), d);
      return d;
    }

    private Sensitivity backward(Step step, Sensitivity d) {
      Signal x = step.in();
      Layer layer = step.layer();
      if (layer instanceof Layer.Conv conv) {
        // per tap, the pairs of positions whose inputs lie inside the map
        double[] taps = Grid.sharedTaps(x.size(), conv.kernel());
        double[] weighted = new double[taps.length];
        for (int i = 0; i < taps.length; i++) weighted[i] = taps[i] * d.sameImage()[i];
        record(conv.label(), batch * Grid.pairSum(x.sameImage(), weighted, x.size())
            / (conv.kernel() * conv.kernel()));
        double gain = conv.outputChannels() * kernel(conv).variance();
        for (int i = 0; i < taps.length; i++) weighted[i] *= gain;
        return new Sensitivity(d.size(), weighted);
      }
      if (layer instanceof Layer.Dense dense) {
        record(dense.label(), batch * x.sameImage()[0] * d.sameImage()[0]);
        return scaled(d, dense.outputs() * weights(dense).variance());
      }
      if (layer instanceof Layer.BatchNorm bn) {
        record(bn.label(), batch * gammaPairSum(normalised(x), step.out(), d));
        double batchMean = batchMeanSquare(x.sameImage(), x.size(), x.otherImage());
        double variance = x.sameImage()[Grid.centre(x.size())] - batchMean;
        double meanGradient = Grid.meanOverPairs(d.sameImage(), d.size()) / batch;
        double gain = bn.initialGamma() * bn.initialGamma() / (variance + BN_EPSILON);
        double[] same = new double[d.sameImage().length];
        for (int i = 0; i < same.length; i++) same[i] = gain * (d.sameImage()[i] - meanGradient);
        return new Sensitivity(d.size(), same);
      }
      if (layer instanceof Layer.LeakyRelu relu) {
        // the slope is 1 where the Gaussian behind the signal is positive
        Signal u = x.rectified() != null ? x.rectified().input() : x;
        boolean sameMask = d.masked() != null && d.masked().input() == u;
        double slope = sameMask ? d.masked().slope() * relu.slope() : relu.slope();
        double m = u.mean();
        double v = u.variance();
        double[] same = new double[d.sameImage().length];
        for (int i = 0; i < same.length; i++) {
          double c = u.sameImage()[i] - m * m;
          double mask = Gaussian.slopeProduct(m, v, c, slope);
          if (sameMask) mask /= Gaussian.slopeProduct(m, v, c, d.masked().slope());
          same[i] = d.sameImage()[i] * mask;
        }
        return new Sensitivity(d.size(), same, new Masked(u, slope));
      }
      if (layer instanceof Layer.AveragePool pool) return spread(d, pool.window());
      if (layer instanceof Layer.GlobalAveragePool) {
        double positions = (double) x.size() * x.size();
        double[] same = new double[Grid.cells(x.size())];
        Arrays.fill(same, d.sameImage()[0] / (positions * positions));
        return new Sensitivity(x.size(), same);
      }
      if (layer instanceof Layer.Scale scale) {
        return scale.initial() == 1 ? d : scaled(d, scale.initial() * scale.initial());
      }
      if (layer instanceof Layer.ScalarBias) return d;
      if (layer instanceof Layer.Residual) {
        Sensitivity branch = backward(step.branch(), d);
        if (step.out() == x) return d; // the branch adds nothing: the skip alone
        double[] same = d.sameImage().clone();
        for (int i = 0; i < same.length; i++) same[i] += branch.sameImage()[i];
        return new Sensitivity(d.size(), same);
      }
      throw new IllegalArgumentException("no prediction for layer " + layer);
    }

    /**
     * The pair sum behind dL/dgamma = sum of x^ delta. When leaky ReLUs of slope product s right
     * after the BN masked its gradient, x^ times their masks is f_s(x^) (f(x) = x f'(x)): the
     * normalised input and its gradient are not independent there, and the sum pairs f_s(x^)'s
     * moments with the gradient before the masks.
     */
    private static double gammaPairSum(Signal normalised, Signal out, Sensitivity d) {
      if (d.masked() == null || d.masked().input() != out) {
        return Grid.pairSum(normalised.sameImage(), d.sameImage(), normalised.size());
      }
      double slope = d.masked().slope();
      double v = normalised.variance();
      double sum = 0;
      int size = normalised.size();
      for (int dy = 1 - size; dy < size; dy++) {
        for (int dx = 1 - size; dx < size; dx++) {
          int i = Grid.index(dx, dy, size);
          double c = normalised.sameImage()[i];
          sum += Grid.pairs(dx, dy, size) * Gaussian.product(0, v, c, slope) * d.sameImage()[i]
              / Gaussian.slopeProduct(0, v, c, slope);
        }
      }
      return sum;
    }

    private void record(String label, double gradientSquare) {
      squares.put(label, gradientSquare);
    }

    private static Sensitivity scaled(Sensitivity d, double gain) {
      double[] same = d.sameImage().clone();
      for (int i = 0; i < same.length; i++) same[i] *= gain;
      return new Sensitivity(d.size(), same);
    }

    /**
     * Through average pooling backward: each position gets its window's gradient over the
     * window's area, so two positions share a value when they share a window. Per axis, the pairs
     * of positions at an offset fall into windows at one or two window offsets.
     */
    private static Sensitivity spread(Sensitivity d, int window) {
      int fine = d.size() * window;
      double[][] byWindow = new double[2 * fine - 1][2 * d.size() - 1];
      for (int offset = 1 - fine; offset < fine; offset++) {
        int pairs = fine - Math.abs(offset);
        for (int p = Math.max(0, -offset); p < Math.min(fine, fine - offset); p++) {
          int windows = Math.floorDiv(p + offset, window) - Math.floorDiv(p, window);
          byWindow[offset + fine - 1][windows + d.size() - 1] += 1.0 / pairs;
        }
      }
      double[] same = new double[Grid.cells(fine)];
      double area = (double) window * window;
      for (int dy = 1 - fine; dy < fine; dy++) {
        for (int dx = 1 - fine; dx < fine; dx++) {
          double sum = 0;
          for (int by = 1 - d.size(); by < d.size(); by++) {
            double wy = byWindow[dy + fine - 1][by + d.size() - 1];
            if (wy == 0) continue;
            for (int bx = 1 - d.size(); bx < d.size(); bx++) {
              double wx = byWindow[dx + fine - 1][bx + d.size() - 1];
              if (wx != 0) sum += wx * wy * d.sameImage()[Grid.index(bx, by, d.size())];
            }
          }
          same[Grid.index(dx, dy, fine)] = sum / (area * area);
        }
      }
      return new Sensitivity(fine, same);
    }
  }
}
