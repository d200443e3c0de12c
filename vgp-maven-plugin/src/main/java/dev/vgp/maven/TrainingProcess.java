package dev.vgp.maven;

import dev.vgp.run.ChildCommand;
import dev.vgp.run.ChildLauncher;
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
import org.apache.maven.plugin.logging.Log;

/**
 * The training process of a goal that runs TensorFlow, from its parameters: by default a JVM of
 * its own started from the plugin's classpath, or Maven's own JVM with {@code -Dvgp.fork=false}.
 *
 * @param fork whether the tasks run in a process of their own
 * @param jvmArgs options of its JVM, as one string
 * @param environmentVariables the user's, over the defaults set for speed
 * @param plugin this plugin, whose jars make the process's classpath
 */
record TrainingProcess(boolean fork, String jvmArgs, Map<String, String> environmentVariables,
    PluginDescriptor plugin, Log log) {

  /**
   * What runs the goal's tasks: a training process working in {@code workingDirectory}, or
   * Maven's JVM with {@code -Dvgp.fork=false}; their lines in Maven's log. Close it to end the
   * process.
   */
  Launcher launcher(Path workingDirectory, Duration progressInterval) {
    return launchers(1, 1, workingDirectory, progressInterval).get(0);
  }

  /**
   * As {@link #launcher}, training processes that train {@code experiments} at once, each with
   * its share of the cores and its lines tagged with its experiment: {@code parallel} of them,
   * or with 0 one per core ({@link ChildCommand.Share#processes}). Maven's JVM trains one at a
   * time, whatever {@code parallel} says.
   */
  List<Launcher> launchers(int parallel, int experiments, Path workingDirectory,
      Duration progressInterval) {
    if (!fork) {
      if (parallel > 1) {
        log.warn("vgp.parallel=" + parallel + " needs training processes of their own:"
            + " with -Dvgp.fork=false the experiments train one after another in Maven's JVM");
      }
      return List.of(Launcher.inThisJvm(new MavenLogSink(log), progressInterval));
    }
    int processes = ChildCommand.Share.processes(parallel,
        Runtime.getRuntime().availableProcessors(), experiments);
    return ChildLauncher.several(processes, command(), workingDirectory, new MavenLogSink(log),
        progressInterval);
  }

  /**
   * A training process working in {@code workingDirectory} (where a crashing JVM leaves its
   * report), whatever {@code fork} says: also what writes the launch scripts of cluster jobs.
   */
  ChildLauncher childLauncher(Path workingDirectory, Duration progressInterval) {
    return new ChildLauncher(command(), workingDirectory, new MavenLogSink(log),
        progressInterval);
  }

  private ChildCommand command() {
    return ChildCommand.of(pluginClasspath(), jvmArgs, environmentVariables);
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
