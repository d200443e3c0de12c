package dev.vgp.maven;

import dev.vgp.experiment.InvalidExperimentsException;
import java.io.UncheckedIOException;
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
    } catch (InvalidExperimentsException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (RuntimeException e) {
      if (isUserFixable(e)) throw new MojoFailureException(e.getMessage(), e);
      throw new MojoExecutionException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** The goal's work, once parameters are injected and the goal is not skipped. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /** Whether the core raised this for a cause the user fixes (a bad setting or bad data). */
  protected boolean isUserFixable(RuntimeException e) {
    return e instanceof IllegalArgumentException;
  }
}
