package dev.vgp.maven;

import dev.vgp.data.DatasetKind;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The experiments declared in the POM, shared defaults first:
 *
 * <pre>{@code
 * <defaults><epochs>100</epochs><batchSize>100</batchSize></defaults>
 * <experiments>
 *   <experiment><id>vgg38-bn-rc-1e-2</id><label>VGG38 BN + RC</label><model>vgg38</model>
 *     <batchNorm>all</batchNorm><residual>true</residual><learningRate>1e-2</learningRate>
 *   </experiment>
 * </experiments>
 * }</pre>
 *
 * and the command-line switches that select and shorten them. Every declared experiment is
 * validated before any goal does its work, and all problems are reported together.
 */
public abstract class AbstractExperimentsMojo extends AbstractDataMojo {

  /**
   * Settings every experiment shares unless it declares its own, one element each: {@code
   * <model>} (vgg08 or vgg38) and any setting of docs/plugin.md's settings table, e.g. {@code
   * <epochs>}, {@code <learningRate>}, {@code <batchNorm>}. An unknown element fails the build.
   */
  @Parameter
  PlexusConfiguration defaults;

  /**
   * The experiments: {@code <experiment>} elements, each with an {@code <id>} (its results
   * directory), an optional {@code <label>} and the settings that differ from the defaults.
   */
  @Parameter
  PlexusConfiguration experiments;

  /** Only these experiments (comma-separated ids), e.g. {@code -Dvgp.experiments=vgg08}. */
  @Parameter(property = "vgp.experiments")
  String selectedExperiments;

  /** Replaces every experiment's epochs, e.g. {@code -Dvgp.epochs=2} for a quick run. */
  @Parameter(property = "vgp.epochs")
  Integer epochs;

  /** Replaces every experiment's training-image limit, e.g. {@code -Dvgp.trainLimit=2000}. */
  @Parameter(property = "vgp.trainLimit")
  Integer trainLimit;

  /**
   * Replaces every experiment's evaluation limit: validation each epoch and the final test use
   * only the first N images of each set, e.g. {@code -Dvgp.evalLimit=500} for a quick run whose
   * accuracies are then estimates from N images.
   */
  @Parameter(property = "vgp.evalLimit")
  Integer evalLimit;

  /**
   * Trains every selected experiment over this many seeds: the declared seed, then the next ones,
   * each replicate in a results directory of its own ({@code <id>-seed<seed>}, the first keeping
   * {@code <id>}), locked and resumed on its own. The report shows mean ± sd per Table 1 cell and
   * every seed's training curves; each expectation is checked on every seed, or on the mean
   * ({@code <seeds>mean</seeds>}).
   */
  @Parameter(property = "vgp.seeds", defaultValue = "1")
  int seeds = 1;

  /** Where results go, one directory per experiment id. */
  @Parameter(property = "vgp.outputDirectory", defaultValue = "${project.build.directory}/vgp")
  File outputDirectory;

  /** The declared experiments resolved over the defaults, validated, selected and shortened. */
  protected ExperimentPlan plan() {
    return ExperimentPlan.resolve(defaultSettings(), PomDeclarations.experiments(experiments),
        runLength(), dataShape());
  }

  protected ExperimentSettings defaultSettings() {
    return PomDeclarations.defaults(defaults);
  }

  /** The experiment subset and run length given on the command line. */
  protected PlanOverrides runLength() {
    return new PlanOverrides(commaSeparated(selectedExperiments), epochs, trainLimit,
        evalLimit, seeds);
  }

  /** The dataset's input and classes, which every declared model is adapted to. */
  protected DataShape dataShape() {
    DatasetKind kind = datasetKind();
    return new DataShape(kind.channels(), kind.imageSize(), kind.numClasses());
  }
}
