package dev.vgp.plan;

/**
 * The settings of an experiment as a user declares them: every field may be absent (null), so that
 * shared defaults are declared once and each experiment states only what differs. {@link
 * #overriddenBy} layers one declaration over another; {@link ExperimentPlan#resolve} turns the
 * result into a model specification and a training configuration, reporting every problem.
 *
 * <p>Enumerated choices are kept as text so that a misspelt value becomes one problem in the list
 * of all problems, with the accepted values named, rather than a failure on the first.
 *
 * @param model a named model, {@code vgg08} or {@code vgg38}; the fields below refine it
 * @param batchNorm {@code none}, {@code processing-blocks} or {@code all} (BN after every block
 *     conv: the 339K parameters the report prints)
 * @param residual identity skip connections around processing blocks
 * @param initialization {@code reference} (PyTorch's defaults), {@code he} or {@code glorot}
 * @param schedule {@code cosine} or {@code constant}
 * @param trainLimit use only the first N training images (0: all)
 * @param evalLimit validate and test on only the first N images of each set (0: all)
 */
public record ExperimentSettings(
    String model,
    String batchNorm,
    Boolean residual,
    String initialization,
    Integer stages,
    Integer blocksPerStage,
    Integer width,
    Double leakySlope,
    Double learningRate,
    String schedule,
    Double minLearningRate,
    Integer epochs,
    Integer batchSize,
    Long seed,
    Boolean augment,
    Double weightDecay,
    Integer trainLimit,
    Integer evalLimit) {


  /** Nothing declared: every value comes from the layer below. */
  public static ExperimentSettings none() {
    return new ExperimentSettings(null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null);
  }

  /** These settings with every value that {@code top} declares taking precedence. */
  public ExperimentSettings overriddenBy(ExperimentSettings top) {
    return new ExperimentSettings(
        pick(top.model, model),
        pick(top.batchNorm, batchNorm),
        pick(top.residual, residual),
        pick(top.initialization, initialization),
        pick(top.stages, stages),
        pick(top.blocksPerStage, blocksPerStage),
        pick(top.width, width),
        pick(top.leakySlope, leakySlope),
        pick(top.learningRate, learningRate),
        pick(top.schedule, schedule),
        pick(top.minLearningRate, minLearningRate),
        pick(top.epochs, epochs),
        pick(top.batchSize, batchSize),
        pick(top.seed, seed),
        pick(top.augment, augment),
        pick(top.weightDecay, weightDecay),
        pick(top.trainLimit, trainLimit),
        pick(top.evalLimit, evalLimit));
  }

  /** A named model and its BN and residual choices, nothing else. */
  public static ExperimentSettings model(String model, String batchNorm, Boolean residual) {
    return new ExperimentSettings(model, batchNorm, residual, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null);
  }

  /** Settings that change only the length of a run, as given on the command line. */
  public static ExperimentSettings runLength(Integer epochs, Integer trainLimit,
      Integer evalLimit) {
    return new ExperimentSettings(null, null, null, null, null, null, null, null, null, null, null,
        epochs, null, null, null, null, trainLimit, evalLimit);
  }

  private static <T> T pick(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}
