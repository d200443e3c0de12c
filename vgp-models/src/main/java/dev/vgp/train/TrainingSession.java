package dev.vgp.train;

import dev.vgp.data.Batch;
import dev.vgp.model.ModelGraph;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import dev.vgp.spec.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A model in a live TensorFlow session: training steps with Adam, gradient probes, evaluation,
 * checkpoints. Each step is one session run with one fetch: a vector holding loss, accuracy and
 * every layer's gradient statistics, computed from the same gradients the update applies.
 */
final class TrainingSession implements AutoCloseable {

  private final ModelSpec spec;
  private final Graph graph;
  private final Session session;
  private final ModelGraph model;
  private final Adam adam;
  private final Op trainStep;
  /** [loss, accuracy, mean|g| per layer..., L2(g) per layer...] in training mode. */
  private final Operand<TFloat32> trainingStatistics;
  /** |dW| / |W| of the step per layer, fetched with a training step only. */
  private final Operand<TFloat32> updateRatios;
  /** [loss, accuracy] in inference mode. */
  private final Operand<TFloat32> inferenceStatistics;
  /** Each gradient layer's gradient, in network order, for its histogram. */
  private final List<Operand<TFloat32>> layerGradients;
  private String device;

  TrainingSession(ModelSpec spec, Normalization normalization, TrainingConfig training,
      EngineOptions options) {
    this.spec = spec;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      model = ModelGraph.build(tf, spec, normalization, training);
      List<Variable<TFloat32>> variables = model.trainableVariables();
      List<Operand<TFloat32>> gradients = gradients(model.training().loss(), variables);
      // copies, not reads: a read of a variable may alias the buffer Adam updates in place
      List<Operand<TFloat32>> before = model.gradientLayers().stream()
          .<Operand<TFloat32>>map(layer -> tf.math.mul(layer.weight(), tf.constant(1f))).toList();
      adam = new Adam(tf, variables, gradients, training.weightDecay(),
          before.stream().map(copy -> (Op) copy::op).toList());
      List<Op> stepOps = new ArrayList<>(model.movingStatisticUpdates());
      stepOps.add(adam.update());
      trainStep = tf.withControlDependencies(stepOps).withName("train_step").noOp();
      trainingStatistics = trainingStatistics(tf, variables, gradients);
      layerGradients = model.gradientLayers().stream()
          .map(layer -> gradients.get(variables.indexOf(layer.weight()))).toList();
      updateRatios = updateRatios(tf, before);
      inferenceStatistics = tf.stack(List.of(model.inference().loss(),
          model.inference().accuracy()));
      session = initializedSession(graph, options);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  List<String> layerLabels() {
    return model.gradientLayers().stream().map(ModelGraph.GradientLayer::label).toList();
  }

  /**
   * One Adam step at {@code learningRate}; statistics are those of the gradients it applied, and
   * the update it made.
   */
  StepStatistics train(Batch batch, double learningRate) {
    return step(batch, learningRate, false).statistics();
  }

  /**
   * What an epoch's last step shows besides {@link StepStatistics}: every gradient layer's
   * gradient (its histogram in TensorBoard) and the trace of the step, which says how much memory
   * TensorFlow's allocators held on each device.
   */
  record ObservedStep(StepStatistics statistics, List<float[]> gradients, RunMetadata trace) {}

  /** {@link #train}, fetching the gradients too and tracing the step. */
  ObservedStep trainObserved(Batch batch, double learningRate) {
    return step(batch, learningRate, true);
  }

  /** One Adam step; {@code observed} also fetches each layer's gradient and traces it. */
  private ObservedStep step(Batch batch, double learningRate, boolean observed) {
    try (Adam.Hyperparameters hyper = adam.next(learningRate); TUint8 x = images(batch);
        TInt32 y = labels(batch)) {
      Session.Runner runner = hyper.feedInto(session.runner().addTarget(trainStep))
          .feed(model.images(), x).feed(model.labels(), y).fetch(trainingStatistics)
          .fetch(updateRatios);
      if (observed) layerGradients.forEach(runner::fetch);
      try (Result result = observed ? traced(runner) : run(runner)) {
        adam.stepTaken();
        List<float[]> gradients = new ArrayList<>();
        for (int i = 0; observed && i < layerGradients.size(); i++) {
          TFloat32 gradient = (TFloat32) result.get(2 + i);
          float[] values = new float[Math.toIntExact(gradient.size())];
          gradient.copyTo(DataBuffers.of(values, false, false));
          gradients.add(values);
        }
        return new ObservedStep(statistics(batch.size(), (TFloat32) result.get(0),
            (TFloat32) result.get(1)), gradients,
            result.getMetadata().orElse(RunMetadata.getDefaultInstance()));
      }
    }
  }

  /** Gradients on {@code batch} in training mode, without updating weights or BN statistics. */
  StepStatistics probe(Batch batch) {
    try (TUint8 x = images(batch); TInt32 y = labels(batch);
        Result result = run(session.runner().feed(model.images(), x).feed(model.labels(), y)
            .fetch(trainingStatistics))) {
      return statistics(batch.size(), (TFloat32) result.get(0), null);
    }
  }

  /** Loss and accuracy in inference mode over all batches, weighted by batch size. */
  double[] evaluate(Iterator<Batch> batches) {
    double loss = 0;
    double accuracy = 0;
    long images = 0;
    while (batches.hasNext()) {
      Batch batch = batches.next();
      try (TUint8 x = images(batch); TInt32 y = labels(batch);
          Result result = run(session.runner().feed(model.images(), x).feed(model.labels(), y)
              .fetch(inferenceStatistics))) {
        TFloat32 values = (TFloat32) result.get(0);
        loss += values.getFloat(0) * batch.size();
        accuracy += values.getFloat(1) * batch.size();
        images += batch.size();
      }
    }
    if (images == 0) throw new IllegalArgumentException("nothing to evaluate: no batches");
    return new double[] {loss / images, accuracy / images};
  }

  long adamSteps() {
    return adam.steps();
  }

  /** Writes every variable (weights, BN moving statistics, Adam moments) under {@code prefix}. */
  void save(Path prefix) {
    session.save(prefix.toString());
  }

  /** Restores what {@link #save} wrote and continues Adam's step count at {@code adamSteps}. */
  void restore(Path prefix, long adamSteps) {
    session.restore(prefix.toString());
    adam.resumeAt(adamSteps);
  }

  /**
   * The devices TensorFlow placed the ops on, e.g. "CPU:0" or "CPU:0, GPU:0", read from a trace of
   * the session's first run (an inference on one blank image if nothing has run yet).
   */
  String device() {
    if (device == null) {
      int size = spec.imageSize();
      Batch blank = new Batch(new byte[size * size * spec.inputChannels()], new int[1], 1);
      evaluate(List.of(blank).iterator());
    }
    return device;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  // ---- internals ----

  private static Session initializedSession(Graph graph, EngineOptions options) {
    Session session = new Session(graph, options.toConfig());
    try {
      session.initialize();
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** Runs; the session's first run is traced to learn where TensorFlow placed the ops. */
  private Result run(Session.Runner runner) {
    return device != null ? runner.run() : traced(runner);
  }

  private Result traced(Session.Runner runner) {
    Result result = runner.setOptions(RunOptions.newBuilder()
        .setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build()).runAndFetchMetadata();
    if (device != null) return result;
    TreeSet<String> devices = new TreeSet<>();
    RunMetadata metadata = result.getMetadata().orElse(RunMetadata.getDefaultInstance());
    for (DeviceStepStats stats : metadata.getStepStats().getDevStatsList()) {
      String name = stats.getDevice();
      devices.add(name.substring(name.lastIndexOf("device:") + "device:".length()));
    }
    device = devices.isEmpty() ? "unknown" : String.join(", ", devices);
    return result;
  }

  /** {@code updates} holds the step's update ratios, null for a probe, which updates nothing. */
  private StepStatistics statistics(int images, TFloat32 values, TFloat32 updates) {
    int layers = model.gradientLayers().size();
    double[] meanAbs = new double[layers];
    double[] l2 = new double[layers];
    double[] updateRatio = new double[updates == null ? 0 : layers];
    for (int i = 0; i < layers; i++) {
      meanAbs[i] = values.getFloat(2 + i);
      l2[i] = values.getFloat(2 + layers + i);
      if (updates != null) updateRatio[i] = updates.getFloat(i);
    }
    return new StepStatistics(images, values.getFloat(0), values.getFloat(1), meanAbs, l2,
        updateRatio);
  }

  private List<Operand<TFloat32>> gradients(Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables) {
    Output<?>[] xs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    for (Output<?> g : graph.addGradients(loss.asOutput(), xs)) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> typed = (Operand<TFloat32>) g;
      gradients.add(typed);
    }
    return gradients;
  }

  private Operand<TFloat32> trainingStatistics(Ops tf, List<Variable<TFloat32>> variables,
      List<Operand<TFloat32>> gradients) {
    List<Operand<TFloat32>> meanAbs = new ArrayList<>();
    List<Operand<TFloat32>> norms = new ArrayList<>();
    for (ModelGraph.GradientLayer layer : model.gradientLayers()) {
      Operand<TFloat32> g = gradients.get(variables.indexOf(layer.weight()));
      meanAbs.add(tf.math.mean(tf.math.abs(g), allAxes(tf, layer)));
      norms.add(l2(tf, g, layer));
    }
    List<Operand<TFloat32>> all = new ArrayList<>();
    all.add(model.training().loss());
    all.add(model.training().accuracy());
    all.addAll(meanAbs);
    all.addAll(norms);
    return tf.stack(all);
  }

  /**
   * Per gradient layer, the L2 norm of what the step changed over the L2 norm of the weights
   * before it: the weights read after the update, less the copies taken before it.
   */
  private Operand<TFloat32> updateRatios(Ops tf, List<Operand<TFloat32>> before) {
    Ops afterUpdate = tf.withControlDependencies(List.of(adam.update()));
    List<Operand<TFloat32>> ratios = new ArrayList<>();
    List<ModelGraph.GradientLayer> layers = model.gradientLayers();
    for (int i = 0; i < layers.size(); i++) {
      ModelGraph.GradientLayer layer = layers.get(i);
      Operand<TFloat32> old = before.get(i);
      Operand<TFloat32> change = tf.math.sub(afterUpdate.identity(layer.weight()), old);
      ratios.add(tf.math.div(l2(tf, change, layer), l2(tf, old, layer)));
    }
    return tf.stack(ratios);
  }

  /** The L2 norm of {@code x}, shaped as {@code layer}'s weight. */
  private static Operand<TFloat32> l2(Ops tf, Operand<TFloat32> x,
      ModelGraph.GradientLayer layer) {
    return tf.math.sqrt(tf.sum(tf.math.square(x), allAxes(tf, layer)));
  }

  private static Operand<TInt32> allAxes(Ops tf, ModelGraph.GradientLayer layer) {
    return tf.constant(IntStream.range(0, layer.weight().shape().numDimensions()).toArray());
  }

  private TUint8 images(Batch batch) {
    int size = spec.imageSize();
    int channels = spec.inputChannels();
    int bytes = batch.size() * size * size * channels;
    byte[] pixels = batch.images().length == bytes ? batch.images()
        : java.util.Arrays.copyOf(batch.images(), bytes);
    return TUint8.tensorOf(Shape.of(batch.size(), size, size, channels),
        DataBuffers.of(pixels, true, false));
  }

  private static TInt32 labels(Batch batch) {
    int[] labels = batch.labels().length == batch.size() ? batch.labels()
        : java.util.Arrays.copyOf(batch.labels(), batch.size());
    return TInt32.tensorOf(Shape.of(batch.size()), DataBuffers.of(labels, true, false));
  }
}
