package dev.vgp.train;

import dev.vgp.data.Batch;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.ModelVariant;
import dev.vgp.spec.Normalization;
import dev.vgp.spec.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.TensorFlow;

/**
 * Times full training steps on random uint8 data: what one epoch of a model will cost on this
 * machine, before committing to 100 of them.
 */
public final class StepBenchmark {

  private static final double LEARNING_RATE = 1e-3;

  private StepBenchmark() {}

  /** The five models of the study, as the report's Table 1 names them ({@link ModelVariant}). */
  public static List<ModelSpec> studyModels() {
    return Arrays.stream(ModelVariant.values()).map(ModelVariant::model).toList();
  }

  /** Times {@code rounds} rounds of {@code stepsPerRound} steps after {@code warmupSteps}. */
  public static BenchmarkResult measure(ModelSpec spec, int batchSize, int warmupSteps,
      int stepsPerRound, int rounds) {
    return measure(spec, batchSize, warmupSteps, stepsPerRound, rounds,
        EngineOptions.forModel(spec));
  }

  /** As {@link #measure(ModelSpec, int, int, int, int)} with explicit session settings. */
  public static BenchmarkResult measure(ModelSpec spec, int batchSize, int warmupSteps,
      int stepsPerRound, int rounds, EngineOptions options) {
    if (batchSize < 1 || warmupSteps < 0 || stepsPerRound < 1 || rounds < 1) {
      throw new IllegalArgumentException("need batchSize, stepsPerRound and rounds >= 1 and"
          + " warmupSteps >= 0; got " + batchSize + ", " + stepsPerRound + ", " + rounds + ", "
          + warmupSteps);
    }
    Batch batch = randomBatch(spec, batchSize);
    TensorFlow.version(); // loads the native library, a once-per-JVM cost kept out of the start
    long building = System.nanoTime();
    try (TrainingSession session = session(spec, options)) {
      double startSeconds = (System.nanoTime() - building) / 1e9;
      String device = session.device();
      for (int i = 0; i < warmupSteps; i++) session.train(batch, LEARNING_RATE);
      double[] msPerStep = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < stepsPerRound; i++) session.train(batch, LEARNING_RATE);
        msPerStep[round] = (System.nanoTime() - start) / 1e6 / stepsPerRound;
      }
      Arrays.sort(msPerStep);
      double median = rounds % 2 == 1 ? msPerStep[rounds / 2]
          : (msPerStep[rounds / 2 - 1] + msPerStep[rounds / 2]) / 2;
      double imagesPerSecond = batchSize * 1000 / median;
      return new BenchmarkResult(spec, batchSize, startSeconds, median, msPerStep[0], msPerStep[rounds - 1],
          imagesPerSecond, imagesPerSecond * spec.trainingFlopsPerImage() / 1e9, device);
    }
  }

  /** Where the time of {@code steps} training steps goes, after {@code warmupSteps}. */
  static StepProfile profile(ModelSpec spec, int batchSize, int warmupSteps, int steps,
      EngineOptions options) {
    Batch batch = randomBatch(spec, batchSize);
    try (TrainingSession session = session(spec, options)) {
      for (int i = 0; i < warmupSteps; i++) session.train(batch, LEARNING_RATE);
      return StepProfile.of(session, batch, LEARNING_RATE, steps);
    }
  }

  /**
   * Prints the CPU and a table for the study models at batch 100:
   * {@code [--warmup 3] [--steps 5] [--rounds 3] [--bfloat16] [--profile] [model name ...]},
   * names as in {@link #studyModels()} ("VGG38 BN + RC"); all five when none is given. With
   * {@code --profile}, each model's row is followed by its {@link StepProfile} over as many
   * traced steps as a round has.
   */
  public static void main(String[] args) {
    int[] counts = {3, 5, 3};
    List<String> flags = List.of("--warmup", "--steps", "--rounds");
    boolean bfloat16 = false;
    boolean profile = false;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      int flag = flags.indexOf(args[i]);
      if (flag >= 0 && i + 1 < args.length) {
        counts[flag] = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--bfloat16")) {
        bfloat16 = true;
      } else if (args[i].equals("--profile")) {
        profile = true;
      } else {
        names.add(args[i]);
      }
    }
    List<ModelSpec> models = studyModels().stream()
        .filter(spec -> names.isEmpty() || names.contains(spec.name())).toList();
    if (models.size() < names.size()) {
      throw new IllegalArgumentException("unknown model among " + names + "; known: "
          + studyModels().stream().map(ModelSpec::name).toList());
    }
    System.out.println("CPU: " + Cpu.thisMachine().describe());
    System.out.println(header());
    for (ModelSpec spec : models) {
      EngineOptions options = EngineOptions.forModel(spec, bfloat16);
      System.out.println(row(measure(spec, 100, counts[0], counts[1], counts[2], options)));
      if (profile) profile(spec, 100, counts[0], counts[1], options).table().forEach(System.out::println);
    }
  }

  public static String header() {
    return String.format("%-12s %6s %7s %10s %10s %10s %10s %8s  %s", "model", "batch", "start s",
        "ms/step", "min", "max", "images/s", "GFLOP/s", "device");
  }

  public static String row(BenchmarkResult r) {
    return String.format("%-12s %6d %7.2f %10.1f %10.1f %10.1f %10.0f %8.1f  %s",
        r.spec().name(), r.batchSize(), r.startSeconds(), r.medianMsPerStep(), r.minMsPerStep(), r.maxMsPerStep(),
        r.imagesPerSecond(), r.gflopsPerSecond(), r.device());
  }

  private static TrainingSession session(ModelSpec spec, EngineOptions options) {
    Normalization normalization = new Normalization(filled(spec.inputChannels(), 0.5f),
        filled(spec.inputChannels(), 0.25f));
    // the graph follows the setting too (bfloat16 pads an odd number of input channels)
    return new TrainingSession(spec, normalization,
        TrainingConfig.reference().with("bfloat16", options.bfloat16()), options);
  }

  private static Batch randomBatch(ModelSpec spec, int batchSize) {
    SplittableRandom random = new SplittableRandom(0);
    byte[] images = new byte[batchSize * spec.imageSize() * spec.imageSize()
        * spec.inputChannels()];
    for (int i = 0; i < images.length; i++) images[i] = (byte) random.nextInt(256);
    int[] labels = random.ints(batchSize, 0, spec.numClasses()).toArray();
    return new Batch(images, labels, batchSize);
  }

  private static float[] filled(int n, float value) {
    float[] values = new float[n];
    Arrays.fill(values, value);
    return values;
  }
}
