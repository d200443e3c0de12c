package dev.vgp.maven;

import dev.vgp.run.BenchmarkPlan;
import dev.vgp.run.Launcher;
import dev.vgp.run.ModelBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Times the training step of each declared experiment's model (or of {@code -Dvgp.models}) on
 * this machine and prints what a run will cost: parameters, training GFLOPs per image, graph
 * build plus session start, ms per step (median and range over rounds), images/s, GFLOP/s,
 * minutes per epoch and hours for the declared run, and the device. Writes {@code benchmark.csv}
 * into the report directory, where {@code vgp:report} picks it up.
 *
 * <p>It times the steps in a training process, as training runs, with the same three parameters
 * as the training goals ({@link AbstractTrainingMojo}): they are declared here again, because a
 * Maven goal takes parameters only from its own class and its superclasses, and this goal neither
 * fetches data nor writes results, which the training goals' superclasses bring.
 */
@Mojo(name = "benchmark", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true,
    configurator = CheckedConfigurator.HINT)
public class BenchmarkMojo extends AbstractReportingMojo {

  /** Time the steps in a process of their own; {@code false} in Maven's JVM. */
  @Parameter(property = "vgp.fork", defaultValue = "true")
  boolean fork;

  /** Options of the training process's JVM, as one string, e.g. {@code -Xmx8g}. */
  @Parameter(property = "vgp.jvmArgs")
  String jvmArgs;

  /** Environment variables of the training process, over the defaults set for speed. */
  @Parameter
  Map<String, String> environmentVariables;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  PluginDescriptor plugin;

  /**
   * Models to time instead of the declared experiments' (comma-separated): {@code vgg08},
   * {@code vgg38}, each optionally with {@code -bn} and {@code -rc}, e.g. {@code vgg38-bn-rc}.
   * They are planned with the declared defaults (batch size, epochs) and need no experiments.
   */
  @Parameter(property = "vgp.models")
  String models;

  /** Untimed steps first, while TensorFlow settles (graph optimisation, memory). */
  @Parameter(property = "vgp.benchmark.warmupSteps", defaultValue = "3")
  @Range("[0, inf)")
  int warmupSteps;

  /** Steps per timed round. */
  @Parameter(property = "vgp.benchmark.steps", defaultValue = "10")
  @Range("[1, inf)")
  int stepsPerRound;

  /** Timed rounds; the median and range are over rounds. */
  @Parameter(property = "vgp.benchmark.rounds", defaultValue = "3")
  @Range("[1, inf)")
  int rounds;

  @Override
  protected void run() {
    List<ModelBenchmark.Candidate> candidates = models == null
        ? ModelBenchmark.candidates(plan())
        : ModelBenchmark.candidates(commaSeparated(models), defaultSettings(), runLength(),
            dataShape());
    ModelBenchmark.Steps steps = new ModelBenchmark.Steps(warmupSteps, stepsPerRound, rounds);
    Path directory = reportDirectory.toPath();
    try (Launcher launcher = new TrainingProcess(fork, jvmArgs, environmentVariables, plugin,
        getLog()).launcher(directory, Duration.ZERO)) {
      launcher.run(new BenchmarkPlan(datasetKind(), steps, candidates,
          directory.resolve(ModelBenchmark.CSV)), directory);
    }
  }
}
