package dev.vgp.maven;

import dev.vgp.data.DataException;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.run.ChildProcessException;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

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

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("vgp.skip is set: skipping");
      return;
    }
    try {
      run();
    } catch (InvalidExperimentsException | DataException | IllegalArgumentException
        | ChildProcessException e) {
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

  /** The entries of a comma-separated parameter such as {@code -Dvgp.experiments=a,b}. */
  static List<String> commaSeparated(String text) {
    if (text == null) return List.of();
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static Path path(File file) {
    return file == null ? null : file.toPath();
  }
}
