package dev.vgp.maven;

import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that train or plan training (train, gradient-flow, submit): they fetch the data, and
 * run TensorFlow in a training process of their own, started from the plugin's own classpath as
 * surefire forks tests: its environment set for speed (oneDNN on, threads for the cores
 * available), its log in Maven's, stopped with Maven, and a crash of it a failed goal with the
 * reason rather than a vanished build ({@link TrainingProcess}).
 */
public abstract class AbstractTrainingMojo extends AbstractDataMojo {

  /**
   * Train in a process of its own. {@code -Dvgp.fork=false} trains in Maven's JVM, e.g. to debug
   * in an IDE; then TensorFlow's environment is Maven's. (vgp:submit's cluster jobs always run in
   * a process of their own.)
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

  protected TrainingProcess trainingProcess() {
    return new TrainingProcess(fork, jvmArgs, environmentVariables, plugin, getLog());
  }

  /**
   * A runner that trains in a training process (one for all its experiments, ended when the
   * runner is closed), or in Maven's JVM with {@code -Dvgp.fork=false}.
   */
  protected ExperimentRunner runner(ExperimentRunner.Options options, Duration progressInterval) {
    return runner(options, progressInterval, 1, 1);
  }

  /**
   * As {@link #runner(ExperimentRunner.Options, Duration)}, for {@code experiments} trained by
   * {@code parallel} processes at once (0: one per core).
   */
  protected ExperimentRunner runner(ExperimentRunner.Options options, Duration progressInterval,
      int parallel, int experiments) {
    Path output = outputDirectory.toPath();
    return new ExperimentRunner(output, options,
        trainingProcess().launchers(parallel, experiments, output, progressInterval));
  }
}
