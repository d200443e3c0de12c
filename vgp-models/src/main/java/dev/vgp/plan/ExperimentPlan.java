package dev.vgp.plan;

import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The experiments to run, resolved and validated. Values come in layers, each overriding the one
 * below: the reference setup ({@link ModelSpec#vgg38()}-style layout, {@link
 * TrainingConfig#reference()}), the declared defaults, the experiment's own settings, and the
 * command line's run length ({@link PlanOverrides}).
 *
 * <p>Resolution checks <em>every</em> declared experiment, selected or not, and throws one {@link
 * InvalidExperimentsException} listing all problems, before anything is fetched or trained.
 */
public record ExperimentPlan(List<ExperimentDefinition> experiments) {

  /** An id names a results directory, so it must be a safe file name on every system. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private static final Choice<BatchNormPlacement> BATCH_NORM =
      new Choice<BatchNormPlacement>("batchNorm")
          .accept("none", BatchNormPlacement.NONE)
          .accept("processing-blocks", BatchNormPlacement.PROCESSING_BLOCKS)
          .accept("all", BatchNormPlacement.ALL_BLOCK_CONVS)
          .accept("all-block-convs", BatchNormPlacement.ALL_BLOCK_CONVS);
  private static final Choice<Initialization> INITIALIZATION =
      new Choice<Initialization>("initialization")
          .accept("reference", Initialization.REFERENCE)
          .accept("he", Initialization.HE)
          .accept("glorot", Initialization.GLOROT);
  private static final Choice<LearningRateSchedule> SCHEDULE =
      new Choice<LearningRateSchedule>("schedule")
          .accept("cosine", LearningRateSchedule.COSINE)
          .accept("constant", LearningRateSchedule.CONSTANT);
  private static final Choice<ModelSpec> NAMED_MODELS = new Choice<ModelSpec>("model")
      .accept("vgg08", ModelSpec.vgg08())
      .accept("vgg38", ModelSpec.vgg38());

  public ExperimentPlan {
    experiments = List.copyOf(experiments);
  }

  /**
   * Resolves the declared experiments over the defaults, validates all of them, and keeps the
   * ones selected by {@code overrides}. Models are adapted to the data's input and classes.
   *
   * @throws InvalidExperimentsException listing every problem of every experiment
   */
  public static ExperimentPlan resolve(ExperimentSettings defaults,
      List<ExperimentDeclaration> declared, PlanOverrides overrides, DataShape data) {
    List<String> problems = new ArrayList<>();
    if (declared.isEmpty()) {
      problems.add("no experiment is declared: add <experiments><experiment>... to the plugin's"
          + " configuration");
    }
    ExperimentSettings runLength =
        ExperimentSettings.runLength(overrides.epochs(), overrides.trainLimit(),
            overrides.evalLimit());
    List<ExperimentDefinition> resolved = new ArrayList<>();
    Set<String> seenIds = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      ExperimentDeclaration declaration = declared.get(i);
      String where = declaration.id() == null || declaration.id().isBlank()
          ? "experiment #" + (i + 1)
          : "experiment '" + declaration.id() + "'";
      List<String> own = new ArrayList<>();
      checkId(declaration.id(), seenIds, own);
      ExperimentSettings settings = defaults
          .overriddenBy(declaration.settings())
          .overriddenBy(runLength);
      ModelSpec model = resolveModel(settings, data, own);
      TrainingConfig training = resolveTraining(settings, own);
      for (String problem : own) problems.add(where + ": " + problem);
      if (own.isEmpty()) {
        String label = declaration.label() == null || declaration.label().isBlank()
            ? declaration.id()
            : declaration.label();
        resolved.add(new ExperimentDefinition(declaration.id(), label, model, training));
      }
    }
    Set<String> selected = new LinkedHashSet<>(overrides.selectedIds());
    for (String id : selected) {
      if (!seenIds.contains(id)) {
        problems.add("vgp.experiments names '" + id + "', which is not declared; declared: "
            + String.join(", ", declared.stream().map(ExperimentDeclaration::id)
                .filter(Objects::nonNull).distinct().toList()));
      }
    }
    if (!problems.isEmpty()) throw new InvalidExperimentsException(problems);
    return new ExperimentPlan(resolved.stream()
        .filter(e -> selected.isEmpty() || selected.contains(e.id()))
        .toList());
  }

  /**
   * Checks that every experiment's batch fits the training images (known once the data is read),
   * all at once, before any of them trains.
   *
   * @throws InvalidExperimentsException listing every experiment that does not fit
   */
  public void requireFits(int trainImages) {
    List<String> problems = new ArrayList<>();
    for (ExperimentDefinition experiment : experiments) {
      for (String problem : experiment.problemsWithTrainImages(trainImages)) {
        problems.add("experiment '" + experiment.id() + "': " + problem);
      }
    }
    if (!problems.isEmpty()) throw new InvalidExperimentsException(problems);
  }

  private static void checkId(String id, Set<String> seenIds, List<String> problems) {
    if (id == null || id.isBlank()) {
      problems.add("id is missing: every experiment needs an <id>, which names its results"
          + " directory");
    } else if (!ID.matcher(id).matches()) {
      problems.add("id '" + id + "' must be letters, digits, '.', '_' or '-' (it names a"
          + " directory)");
    } else if (!seenIds.add(id)) {
      problems.add("id '" + id + "' is declared more than once");
    }
  }

  /**
   * A named model ({@code vgg08}, {@code vgg38}) refined by the declared fields, or, with no name,
   * the reference layout with the declared depth, adapted to the data. The name is always
   * derived from the depth
   * (VGG08: 8 weight layers), so that it never disagrees with the layout it names.
   */
  public static ModelSpec resolveModel(ExperimentSettings s, DataShape data,
      List<String> problems) {
    ModelSpec base;
    if (s.model() != null) {
      base = NAMED_MODELS.parse(s.model(), null, problems);
      if (base == null) return null;
    } else if (s.blocksPerStage() != null) {
      base = ModelSpec.vgg08();
    } else {
      problems.add("model is missing: use <model>vgg08</model> or <model>vgg38</model>, or give"
          + " <blocksPerStage> for a custom depth");
      return null;
    }
    BatchNormPlacement batchNorm = BATCH_NORM.parse(s.batchNorm(), base.batchNorm(), problems);
    Initialization init =
        INITIALIZATION.parse(s.initialization(), base.initialization(), problems);
    if (batchNorm == null || init == null) return null;
    int stages = orElse(s.stages(), base.stages());
    int blocks = orElse(s.blocksPerStage(), base.blocksPerStage());
    ModelSpec model = new ModelSpec(depthName(stages, blocks), stages, blocks,
        orElse(s.width(), base.width()), data.numClasses(), data.channels(), data.imageSize(),
        batchNorm, orElse(s.residual(), base.residual()),
        orElse(s.leakySlope(), base.leakySlope()), init);
    problems.addAll(model.problems());
    return model;
  }

  /** "VGG08", "VGG38": the number of weight layers (convs and the dense layer). */
  static String depthName(int stages, int blocksPerStage) {
    return String.format(Locale.ROOT, "VGG%02d", 2 + stages * (2 * blocksPerStage + 2));
  }

  public static TrainingConfig resolveTraining(ExperimentSettings s, List<String> problems) {
    TrainingConfig reference = TrainingConfig.reference();
    LearningRateSchedule schedule = SCHEDULE.parse(s.schedule(), reference.schedule(), problems);
    TrainingConfig training = new TrainingConfig(
        orElse(s.learningRate(), reference.learningRate()),
        schedule,
        orElse(s.minLearningRate(), reference.minLearningRate()),
        orElse(s.epochs(), reference.epochs()),
        orElse(s.batchSize(), reference.batchSize()),
        orElse(s.seed(), reference.seed()),
        orElse(s.augment(), reference.augment()),
        orElse(s.weightDecay(), reference.weightDecay()),
        orElse(s.trainLimit(), reference.trainLimit()),
        orElse(s.evalLimit(), reference.evalLimit()));
    // Follow-on complaints would only repeat a reported mistake: an unknown schedule reads as
    // "schedule is missing", and a bad learning rate puts minLearningRate out of its range.
    boolean learningRateValid = training.problems().stream()
        .noneMatch(p -> p.startsWith("learningRate"));
    training.problems().stream()
        .filter(p -> schedule != null || !p.startsWith("schedule"))
        .filter(p -> learningRateValid || !p.startsWith("minLearningRate"))
        .forEach(problems::add);
    if (training.trainLimit() > 0 && training.batchSize() > training.trainLimit()) {
      problems.add("batchSize " + training.batchSize() + " is larger than trainLimit "
          + training.trainLimit() + ": not one full batch to train on");
    }
    return training;
  }

  private static <T> T orElse(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
