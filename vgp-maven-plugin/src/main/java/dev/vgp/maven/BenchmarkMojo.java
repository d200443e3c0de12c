package dev.vgp.maven;

import dev.vgp.run.ChildLauncher;
import dev.vgp.run.ChildTask;
import dev.vgp.run.ModelBenchmark;
import dev.vgp.run.PlanFiles;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Times the training step of each declared experiment's model (or of {@code -Dvgp.models}) on
 * this machine and prints what a run will cost: parameters, training GFLOPs per image, graph
 * build plus session start, ms per step (median and range over rounds), images/s, GFLOP/s, minutes per epoch and hours for the
 * declared run, and the device. Writes {@code benchmark.csv} into the report directory, where
 * {@code vgp:report} picks it up.
 */
@Mojo(name = "benchmark", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true,
    configurator = CheckedConfigurator.HINT)
public class BenchmarkMojo extends AbstractForkingMojo {

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

  /** Where benchmark.csv goes: the report directory, so that the report shows it. */
  @Parameter(property = "vgp.reportDirectory",
      defaultValue = "${project.build.directory}/vgp-report")
  File reportDirectory;

  @Override
  protected void run() {
    List<ModelBenchmark.Candidate> candidates = models == null
        ? ModelBenchmark.candidates(plan())
        : ModelBenchmark.candidates(commaSeparated(models), defaultSettings(), runLength(),
            dataShape());
    ModelBenchmark.Steps steps = new ModelBenchmark.Steps(warmupSteps, stepsPerRound, rounds);
    Path directory = reportDirectory.toPath();
    Path csv = directory.resolve(ModelBenchmark.CSV);
    if (fork) {
      PlanFiles.write(new PlanFiles.Benchmark(datasetKind(), steps, candidates, csv),
          directory.resolve(ChildTask.BENCHMARK.file()));
      try (ChildLauncher launcher = launcher(directory, Duration.ZERO)) {
        launcher.run(ChildTask.BENCHMARK, directory);
      }
    } else {
      new ModelBenchmark(datasetKind()).run(candidates, steps, csv, new MavenLogSink(getLog()));
    }
  }
}
