package dev.vgp.run;

import dev.vgp.files.LogSink;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What vgp:train does around a training process, as a JVM of its own that a test can interrupt
 * as Ctrl-C would Maven: {@code TrainingParent <output> <archive> <checksum> <cache> <epochs>}
 * trains one tiny VGG08, "tiny", in a training process, its lines on standard output. Also the
 * plan, data and runner of {@link ForkedTrainingTest}.
 */
public final class TrainingParent {

  private TrainingParent() {}

  public static void main(String[] args) {
    LogSink log = ChildOutput.plain(System.out);
    try (ExperimentRunner runner = runner(Path.of(args[0]), log)) {
      runner.run(plan(Integer.parseInt(args[4]), tiny("tiny", "1e-3")),
          data(Path.of(args[1]), args[2], Path.of(args[3])), new RunLog(log, Duration.ZERO));
    }
    System.exit(0);
  }

  /** A VGG08 of width 8 on CIFAR-100's shape, batch 50. */
  static ExperimentDeclaration tiny(String id, String learningRate) {
    return new ExperimentDeclaration(id, id, new ExperimentSettings(Map.of("model", "vgg08",
        "width", "8", "batchSize", "50", "learningRate", learningRate)));
  }

  static ExperimentPlan plan(int epochs, ExperimentDeclaration... experiments) {
    return ExperimentPlan.resolve(new ExperimentSettings(Map.of("epochs",
        Integer.toString(epochs))), List.of(experiments), PlanOverrides.none(),
        DataShape.cifar100());
  }

  static FetchRequest data(Path archive, String checksum, Path cache) {
    return new FetchRequest(DatasetKind.CIFAR100, cache, null, checksum, archive, null, true);
  }

  /** A runner that trains in a training process started from this JVM's classpath. */
  static ExperimentRunner runner(Path out, LogSink sink) {
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path")
        .split(File.pathSeparator)).map(Path::of).toList();
    ChildCommand command = new ChildCommand(
        Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), classpath,
        Map.of("TF_CPP_MIN_LOG_LEVEL", "2"));
    return new ExperimentRunner(out, ExperimentRunner.Options.defaults(),
        new ChildLauncher(command, out, sink, Duration.ZERO));
  }
}
