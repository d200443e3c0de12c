package dev.vgp.maven;

import dev.vgp.cluster.SchedulerException;
import dev.vgp.data.DataException;
import dev.vgp.data.DatasetKind;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.DamagedResultsException;
import dev.vgp.run.ChildProcessException;
import dev.vgp.run.ExperimentDivergedException;
import dev.vgp.run.ExperimentsFailedException;
import dev.vgp.spec.Settings;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What every vgp goal shares: the {@code vgp.skip} switch; the study the POM declares, which every
 * goal reads (the dataset, the experiments, shared defaults first, and the command-line switches
 * that select and shorten them, all validated before any goal does its work, every problem
 * reported together) and where its results go; and one translation of the core's exceptions into
 * Maven's. A problem the user can fix in the POM or on the command line (invalid experiments,
 * unusable data) fails the build with a {@link MojoFailureException} that names it; anything else
 * is an execution error with its cause.
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
 * <p>The goals' other parameters come in groups, each declared once: where the data comes from
 * ({@link AbstractDataMojo}), the training process ({@link AbstractTrainingMojo}), the report
 * directory ({@link AbstractReportingMojo}) and the study's reading ({@link AbstractStudyMojo}).
 */
public abstract class AbstractVgpMojo extends AbstractMojo {

  /** Skips the goal, e.g. {@code -Dvgp.skip} to build a project without running experiments. */
  @Parameter(property = "vgp.skip", defaultValue = "false")
  boolean skip;

  /** The dataset: {@code cifar100}, {@code cifar10} or {@code fashion-mnist}. */
  @Parameter(property = "vgp.dataset", defaultValue = "cifar100")
  String dataset;

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

  @Parameter(defaultValue = "${project}", readonly = true)
  MavenProject project;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  MojoExecution mojoExecution;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("vgp.skip is set: skipping");
      return;
    }
    List<String> unknown = unknownConfiguration();
    if (!unknown.isEmpty()) throw new MojoFailureException(String.join("\n", unknown));
    try {
      run();
    } catch (InvalidExperimentsException | DataException | IllegalArgumentException
        | WriterLock.HeldException | ExperimentDivergedException | DamagedResultsException
        | ChildProcessException | ExperimentsFailedException | SchedulerException e) {
      // Messages of these name what to change; Maven shows them as the build's failure.
      throw new MojoFailureException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** The goal's work, once parameters are injected and the goal is not skipped. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /**
   * Every element of this plugin's {@code <configuration>} in the POM, at plugin and execution
   * level, that no vgp goal knows. Maven 3.8 ignores those without a word, so a misspelt {@code
   * <default>} would quietly train with none of the declared defaults.
   */
  private List<String> unknownConfiguration() {
    if (project == null || mojoExecution == null) return List.of();
    Plugin declared = project.getPlugin(mojoExecution.getPlugin().getKey());
    if (declared == null) return List.of();
    List<String> known = new ArrayList<>();
    for (MojoDescriptor goal : mojoExecution.getMojoDescriptor().getPluginDescriptor().getMojos()) {
      for (org.apache.maven.plugin.descriptor.Parameter p : goal.getParameters()) {
        known.add(p.getName());
        if (p.getAlias() != null) known.add(p.getAlias());
      }
    }
    List<Object> configurations = new ArrayList<>();
    configurations.add(declared.getConfiguration());
    declared.getExecutions().forEach(e -> configurations.add(e.getConfiguration()));
    List<String> unknown = new ArrayList<>();
    for (Object configuration : configurations) {
      if (!(configuration instanceof Xpp3Dom dom)) continue;
      for (Xpp3Dom element : dom.getChildren()) {
        String name = element.getName();
        String message = "<" + name + "> in the configuration of " + declared.getArtifactId()
            + " is not a vgp parameter; did you mean <" + Settings.closest(name, known) + ">?"
            + " (mvn vgp:help -Ddetail lists them all)";
        if (!known.contains(name) && !unknown.contains(message)) unknown.add(message);
      }
    }
    return unknown;
  }

  protected DatasetKind datasetKind() {
    return DatasetKind.parse(dataset);
  }

  /** Whether the POM declares any experiment. */
  protected boolean declaresExperiments() {
    return experiments != null && experiments.getChildCount() > 0;
  }

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

  /** The entries of a comma-separated parameter such as {@code -Dvgp.experiments=a,b}. */
  static List<String> commaSeparated(String text) {
    if (text == null) return List.of();
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static Path path(File file) {
    return file == null ? null : file.toPath();
  }
}
