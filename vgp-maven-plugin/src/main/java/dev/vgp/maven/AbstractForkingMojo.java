package dev.vgp.maven;

import dev.vgp.run.ChildCommand;
import dev.vgp.run.ChildLauncher;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.Launcher;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that run TensorFlow (train, benchmark, gradient flow at initialisation). By default
 * they run it in a training process of their own, started from the plugin's own classpath as
 * surefire forks tests: its environment set for speed (oneDNN on, threads for the cores
 * available), its log in Maven's, stopped with Maven, and a crash of it a failed goal with the
 * reason rather than a vanished build.
 */
public abstract class AbstractForkingMojo extends AbstractExperimentsMojo {

  /**
   * Train in a process of its own. {@code -Dvgp.fork=false} trains in Maven's JVM, e.g. to debug
   * in an IDE; then TensorFlow's environment is Maven's.
   */
  @Parameter(property = "vgp.fork", defaultValue = "true")
  boolean fork;

  /**
   * Options of the training process's JVM, as one string, e.g. {@code -Xmx8g}
   * ({@code -Dvgp.jvmArgs="-Xmx8g -XX:+UseParallelGC"}).
   */
  @Parameter(property = "vgp.jvmArgs")
  String jvmArgs;

  /**
   * Environment variables of the training process, which override those it would get: the
   * defaults {@code TF_ENABLE_ONEDNN_OPTS=1} and {@code TF_NUM_INTRAOP_THREADS=<cores>} where
   * Maven's environment does not set them, e.g. {@code <environmentVariables>
   * <TF_ENABLE_ONEDNN_OPTS>0</TF_ENABLE_ONEDNN_OPTS></environmentVariables>}.
   */
  @Parameter
  Map<String, String> environmentVariables;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  PluginDescriptor plugin;

  /**
   * A runner that trains in a training process (one for all its experiments, ended when the
   * runner is closed), or in Maven's JVM with {@code -Dvgp.fork=false}.
   */
  protected ExperimentRunner runner(ExperimentRunner.Options options, Duration progressInterval) {
    return new ExperimentRunner(outputDirectory.toPath(), options,
        launcher(outputDirectory.toPath(), progressInterval));
  }

  /**
   * What runs the goal's tasks: a training process working in {@code workingDirectory}, or
   * Maven's JVM with {@code -Dvgp.fork=false}; their lines in Maven's log. Close it to end the
   * process.
   */
  protected Launcher launcher(Path workingDirectory, Duration progressInterval) {
    return fork ? childLauncher(workingDirectory, progressInterval)
        : Launcher.inThisJvm(new MavenLogSink(getLog()), progressInterval);
  }

  /**
   * Starts a training process, working in {@code workingDirectory}, that shows its lines in
   * Maven's log; close it to end the process.
   */
  protected ChildLauncher childLauncher(Path workingDirectory, Duration progressInterval) {
    return new ChildLauncher(ChildCommand.of(pluginClasspath(), jvmArgs, environmentVariables),
        workingDirectory, new MavenLogSink(getLog()), progressInterval);
  }

  /** The jars Maven resolved for this plugin, its own first. */
  private List<Path> pluginClasspath() {
    Set<File> files = new LinkedHashSet<>();
    files.add(plugin.getPluginArtifact().getFile());
    plugin.getArtifacts().stream().map(Artifact::getFile).filter(Objects::nonNull)
        .forEach(files::add);
    return files.stream().map(File::toPath).toList();
  }
}
