package dev.vgp.maven;

import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.RunLog;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the declared experiments, each into {@code <outputDirectory>/<id>/} (summary.csv,
 * gradient_flow.csv, test_summary.csv, experiment.json, checkpoints/).
 *
 * <p>Every experiment is validated first and all problems are reported together; nothing trains
 * while one is left. An experiment whose finished results carry the fingerprint this run would
 * write (same model, training, data and vgp version) is skipped, unless {@code -Dvgp.force}; an
 * interrupted one resumes from its latest checkpoint; one whose configuration changed starts
 * over, its earlier results moved to
 * {@code <outputDirectory>/.replaced/<id>-<fingerprint>-<UTC time>/}, as are damaged results and
 * a diverged run. Each experiment is trained under a lock ({@code vgp.lock}) that a second build
 * on the same directory, on this host or another sharing it, respects.
 *
 * <p>Each experiment trains in a training process of its own (unless {@code -Dvgp.fork=false}),
 * from the {@code plan.json} written into its results directory, beside a {@code launch.sh} that
 * runs the same without Maven; its log goes to Maven's log and to {@code train.log}.
 *
 * <p>Bound to {@code integration-test} rather than {@code test}: a training run is hours long and
 * must not start on {@code mvn test} nor stop on {@code -DskipTests}, which users mean for unit
 * tests; and it runs on the packaged project, the way integration tests do.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true,
    configurator = CheckedConfigurator.HINT)
public class TrainMojo extends AbstractTrainingMojo {

  /** Trains again even when results are up to date; the earlier ones are set aside. */
  @Parameter(property = "vgp.force", defaultValue = "false")
  boolean force;

  /** Seconds between two step-progress lines in the log (each finished epoch is always logged). */
  @Parameter(property = "vgp.progressInterval", defaultValue = "10")
  @Range("[0, inf)")
  int progressInterval;

  /**
   * Waits for another run that writes one of the experiments (its {@code vgp.lock}) to end,
   * instead of failing at once naming it.
   */
  @Parameter(property = "vgp.waitForLock", defaultValue = "false")
  boolean waitForLock;

  /**
   * Minutes after which a lock its holder stopped refreshing is taken over: the holder died on
   * another host sharing the directory (a dead holder on this host is seen at once).
   */
  @Parameter(property = "vgp.lockStaleMinutes", defaultValue = "10")
  @Range("[1, inf)")
  int lockStaleMinutes;

  /**
   * Fails the build when an experiment diverges (its loss or a gradient becomes NaN or infinite);
   * {@code false} records it as diverged and trains the other experiments.
   */
  @Parameter(property = "vgp.failOnDivergence", defaultValue = "true")
  boolean failOnDivergence;

  /** {@link #parallel}'s default. */
  static final String DEFAULT_PARALLEL = "0";

  /**
   * How many training processes train experiments at once, as surefire's {@code forkCount}: each
   * takes the next experiment of the plan when it is free. 0, the default, starts one per core
   * (as many as the JVM may use), never more than there are experiments; measured on a 2-core
   * machine, two single-threaded processes trained the miniature study faster than one with both
   * cores (docs/engine.md). The cores are split between them (for
   * {@code TF_NUM_INTRAOP_THREADS} and {@code TF_NUM_INTEROP_THREADS}, unless set), they share a
   * GPU's memory ({@code TF_FORCE_GPU_ALLOW_GROWTH=true}, unless set), each reads the data into
   * memory of its own, and each line they log starts with its experiment, {@code [id] }. After a
   * failure no experiment starts; those under way run to their end, and the build fails naming
   * every failure. {@code -Dvgp.fork=false} trains one at a time.
   */
  @Parameter(property = "vgp.parallel", defaultValue = DEFAULT_PARALLEL)
  @Range("[0, inf)")
  int parallel;

  @Override
  protected void run() {
    ExperimentPlan plan = plan();
    getLog().info("Experiments: " + String.join(", ",
        plan.experiments().stream().map(e -> e.id() + " (" + e.label() + ")").toList()));
    Duration interval = Duration.ofSeconds(progressInterval);
    ExperimentRunner.Options options = new ExperimentRunner.Options(force,
        new WriterLock.Policy(waitForLock, Duration.ofMinutes(lockStaleMinutes)),
        failOnDivergence);
    List<ExperimentRunner.Outcome> outcomes;
    try (ExperimentRunner runner = runner(options, interval, parallel,
        plan.experiments().size())) {
      outcomes = runner.run(plan, fetchRequest(), new RunLog(new MavenLogSink(getLog()), interval));
    }
    for (ExperimentRunner.Outcome outcome : outcomes) {
      outcome.training().ifPresent(t -> getLog().info(String.format(Locale.ROOT,
          "%s: test accuracy %.2f%% with the weights of epoch %d, trained on %s",
          outcome.experiment().id(), 100 * t.test().testAccuracy(), t.test().bestEpoch(),
          t.device())));
    }
  }
}
