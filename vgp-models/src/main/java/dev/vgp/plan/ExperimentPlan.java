package dev.vgp.plan;

import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Settings;
import dev.vgp.spec.TrainingConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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

  private static final Choice<ModelSpec> NAMED_MODELS = namedModels();

  public ExperimentPlan {
    experiments = List.copyOf(experiments);
  }

  /**
   * Resolves the declared experiments over the defaults, validates all of them, and keeps the
   * ones selected by {@code overrides}, each followed by its replicates over further seeds
   * ({@link Replicates}). Models are adapted to the data's input and classes.
   *
   * @throws InvalidExperimentsException listing every problem of every experiment
   */
  public static ExperimentPlan resolve(ExperimentSettings defaults,
      List<ExperimentDeclaration> declared, PlanOverrides overrides, DataShape data) {
    List<String> problems = new ArrayList<>();
    defaults.unknownNames().forEach(p -> problems.add("defaults: " + p));
    if (declared.isEmpty()) {
      problems.add("no experiment is declared: add <experiments><experiment>... to the plugin's"
          + " configuration");
    }
    ExperimentSettings runLength = overrides.settings();
    List<ExperimentDefinition> resolved = new ArrayList<>();
    Set<String> seenIds = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      ExperimentDeclaration declaration = declared.get(i);
      String where = declaration.id() == null || declaration.id().isBlank()
          ? "experiment #" + (i + 1)
          : "experiment '" + declaration.id() + "'";
      List<String> own = new ArrayList<>();
      checkId(declaration.id(), seenIds, own);
      own.addAll(declaration.settings().unknownNames());
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
    if (overrides.seeds() < 1) {
      problems.add("vgp.seeds must be at least 1, was " + overrides.seeds());
    }
    for (ExperimentDefinition experiment : resolved) {
      Replicates.ids(experiment, overrides.seeds()).stream().skip(1).filter(seenIds::contains)
          .forEach(id -> problems.add("experiment '" + experiment.id() + "' over "
              + overrides.seeds() + " seeds needs the id '" + id + "' for a replicate, which "
              + "another experiment is declared with; rename that one"));
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
        .flatMap(e -> Replicates.of(e, overrides.seeds()).stream())
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
   * A named model ({@code vgg08}, {@code vgg38}) refined by the declared settings, or, with no
   * name, the reference layout with the declared depth, adapted to the data. The name is always
   * derived from the depth (VGG08: 8 weight layers), so that it never disagrees with the layout it
   * names.
   */
  public static ModelSpec resolveModel(ExperimentSettings s, DataShape data,
      List<String> problems) {
    ModelSpec base;
    if (s.get(ExperimentSettings.MODEL) != null) {
      base = NAMED_MODELS.parse(s.get(ExperimentSettings.MODEL), null, problems);
      if (base == null) return null;
    } else if (s.get("blocksPerStage") != null) {
      base = ModelSpec.vgg08();
    } else {
      problems.add("model is missing: use " + String.join(" or ", ModelSpec.named().keySet()
          .stream().map(name -> "<model>" + name + "</model>").toList()) + ", or give"
          + " <blocksPerStage> for a custom depth");
      return null;
    }
    ModelSpec model = Settings.apply(base, s.values(), problems);
    model = model.withDepthName()
        .forData(data.channels(), data.imageSize(), data.numClasses());
    model.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
    return model;
  }

  private static Choice<ModelSpec> namedModels() {
    Choice<ModelSpec> choice = new Choice<>("model");
    ModelSpec.named().forEach(choice::accept);
    return choice;
  }

  public static TrainingConfig resolveTraining(ExperimentSettings s, List<String> problems) {
    List<String> own = new ArrayList<>();
    TrainingConfig training = Settings.apply(TrainingConfig.reference(), s.values(), own);
    // A value already reported stands as the reference's, so the configuration's own checks
    // would only repeat or follow from it (a bad learningRate puts minLearningRate out of range).
    if (own.isEmpty()) own.addAll(training.problems());
    problems.addAll(own);
    return training;
  }
}
