package dev.vgp.maven;

import dev.vgp.cluster.SlurmException;
import dev.vgp.data.DataException;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.results.DamagedResultsException;
import dev.vgp.run.ChildProcessException;
import dev.vgp.run.ExperimentDivergedException;
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
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What every vgp goal shares: the {@code vgp.skip} switch, and one translation of the core's
 * exceptions into Maven's. A problem the user can fix in the POM or on the command line (invalid
 * experiments, unusable data) fails the build with a {@link MojoFailureException} that names it;
 * anything else is an execution error with its cause.
 */
public abstract class AbstractVgpMojo extends AbstractMojo {

  /** Skips the goal, e.g. {@code -Dvgp.skip} to build a project without running experiments. */
  @Parameter(property = "vgp.skip", defaultValue = "false")
  boolean skip;

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
        | ChildProcessException | SlurmException e) {
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

  /** The entries of a comma-separated parameter such as {@code -Dvgp.experiments=a,b}. */
  static List<String> commaSeparated(String text) {
    if (text == null) return List.of();
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static Path path(File file) {
    return file == null ? null : file.toPath();
  }
}
