package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.files.PrintedSink;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.train.StopRequest;
import dev.vgp.train.TrainingListener;
import dev.vgp.train.TrainingOutcome;
import dev.vgp.train.TrainingProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test fixture of the Invoker hooks that need a killed build's results (resume-interrupted,
 * damaged-checkpoint): real training of tiny VGG08s (width 8, 3 epochs of 200 synthetic CIFAR-100
 * images, batch 50) through the ExperimentRunner that vgp:train uses, in this JVM, each ended by
 * an exception right after the checkpoint of one epoch.
 */
public final class InterruptedRuns {

  /** What ends a run, as a crash would. */
  public static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped after the checkpoint, as a killed build would be");
    }
  }

  private InterruptedRuns() {}

  /**
   * Writes the synthetic archive to {@code <project>/data/cifar-100-binary.tar.gz} and its path
   * and checksum to {@code <project>/test.properties} (the IT's POM reads them), then trains each
   * of {@code ids} into {@code <project>/target/vgp/<id>} until the checkpoint of epoch
   * {@code lastEpoch}.
   */
  public static void stopAfterEpoch(Path project, List<String> ids, int lastEpoch) {
    Path archive = project.resolve("data/cifar-100-binary.tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 400, 100, 0L);
    try {
      Files.writeString(project.resolve("test.properties"),
          "vgp.dataArchive=" + archive + "\nvgp.dataChecksum=" + checksum + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExperimentSettings settings = new ExperimentSettings(Map.of("model", "vgg08", "width", "8",
        "epochs", "3", "batchSize", "50", "trainLimit", "200"));
    FetchRequest request = new FetchRequest(DatasetKind.CIFAR100,
        project.resolve("target/data-cache"), null, checksum, archive, null, true);
    ExperimentRunner runner = new ExperimentRunner(project.resolve("target/vgp"),
        ExperimentRunner.Options.defaults(),
        Launcher.inThisJvm(stoppedAfter(lastEpoch), new PrintedSink(), Duration.ZERO));
    for (String id : ids) {
      ExperimentPlan plan = ExperimentPlan.resolve(ExperimentSettings.none(),
          List.of(new ExperimentDeclaration(id, null, settings)), PlanOverrides.none(),
          DataShape.cifar100());
      try {
        runner.run(plan, request, new RunLog(new PrintedSink(), Duration.ZERO));
        throw new AssertionError(id + " was not stopped");
      } catch (Stopped expected) {
        // what the hook wants: the results of a run killed after that epoch
      }
    }
  }

  /** TensorFlow's engine, ended by {@link Stopped} right after the checkpoint of {@code last}. */
  private static Engine stoppedAfter(int last) {
    Engine tensorFlow = Engine.tensorFlow();
    return new Engine() {
      @Override
      public TrainingOutcome train(ExperimentDefinition experiment, Dataset data,
          ResultsDirectory results, TrainingListener listener, StopRequest stop) {
        return tensorFlow.train(experiment, data, results, new TrainingListener() {
          @Override
          public void info(String message) {
            listener.info(message);
          }

          @Override
          public void progress(TrainingProgress progress) {
            listener.progress(progress);
          }

          @Override
          public void epochFinished(EpochMetrics metrics, int epochs, Duration remaining) {
            listener.epochFinished(metrics, epochs, remaining);
            if (metrics.epoch() == last) throw new Stopped();
          }
        }, stop);
      }

      @Override
      public String version() {
        return tensorFlow.version();
      }
    };
  }
}
