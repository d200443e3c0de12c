package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.files.LogSink;
import dev.vgp.files.PrintedSink;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.train.StopRequest;
import dev.vgp.train.TrainingListener;
import dev.vgp.train.TrainingOutcome;
import dev.vgp.train.TrainingStoppedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A training process for {@link ExperimentRunnerTest} to stop with SIGTERM: its engine trains
 * until asked to stop, polling as the real trainer does between steps.
 */
public final class StoppableRun {

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Path archive = dir.resolve("cifar-100-binary.tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 200, 20, 0);
    ExperimentPlan plan = ExperimentPlan.resolve(ExperimentSettings.none(),
        List.of(new ExperimentDeclaration("a", "A", new ExperimentSettings(Map.of("model",
            "vgg08", "width", "8", "epochs", "2", "batchSize", "10")))),
        PlanOverrides.none(), DataShape.cifar100());
    Engine untilStopped = new Engine() {
      @Override
      public TrainingOutcome train(ExperimentDefinition experiment, Dataset data,
          ResultsDirectory results, TrainingListener listener, StopRequest stop) {
        System.out.println("TRAINING");
        for (int step = 1; ; step++) {
          if (stop.reason().isPresent()) {
            throw new TrainingStoppedException(stop.reason().get(), 1, step, 1000, 0);
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }

      @Override
      public String version() {
        return "none";
      }
    };
    LogSink out = new PrintedSink();
    new ExperimentRunner(dir.resolve("out"), ExperimentRunner.Options.defaults(),
        Launcher.inThisJvm(untilStopped, out, Duration.ZERO)).run(plan,
        new FetchRequest(DatasetKind.CIFAR100, dir.resolve("cache"), null, checksum, archive,
            null, true), new RunLog(out, Duration.ZERO));
  }
}
