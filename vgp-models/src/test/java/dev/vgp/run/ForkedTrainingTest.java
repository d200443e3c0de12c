package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.run.RunDecision.Action;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vgp:train's default path for real: a tiny VGG08 trains in a training process started from this
 * test's classpath, which is killed mid-run (SIGKILL, then SIGTERM), and each rerun resumes.
 */
class ForkedTrainingTest {

  @TempDir Path dir;
  private final RecordingSink shown = new RecordingSink();

  /** A sink that keeps every line and stops the training process on the line given. */
  private LogSink stoppingOn(String line, Consumer<ProcessHandle> stop) {
    return new RecordingSink() {
      @Override
      public void info(String message) {
        shown.info(message);
        if (message.startsWith(line)) {
          ProcessHandle.current().children()
              .filter(p -> p.info().commandLine().orElse("").contains(ChildMain.class.getName()))
              .forEach(stop);
        }
      }
    };
  }

  @Test
  void aKilledTrainingProcessFailsTheRunWithItsSignalAndARerunResumes() throws Exception {
    Path archive = dir.resolve("cifar-100-binary.tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 200, 20, 0);
    FetchRequest data = new FetchRequest(DatasetKind.CIFAR100, dir.resolve("cache"), null,
        checksum, archive, null, true);
    ExperimentPlan plan = ExperimentPlan.resolve(ExperimentSettings.none(), List.of(
        new ExperimentDeclaration("tiny", "Tiny", new ExperimentSettings(Map.of("model",
            "vgg08", "width", "8", "epochs", "4", "batchSize", "50")))),
        PlanOverrides.none(), DataShape.cifar100());
    Path out = dir.resolve("out");
    ResultsDirectory results = new ResultsDirectory(out.resolve("tiny"));

    ChildProcessException killed = assertThrows(ChildProcessException.class,
        () -> run(out, stoppingOn("epoch 2/4 done", ProcessHandle::destroyForcibly), plan, data));
    String message = killed.getMessage();
    assertTrue(message.startsWith("training tiny failed: its process (pid "), message);
    assertTrue(message.contains("was killed by SIGKILL (exit code 137)"), message);
    assertTrue(message.contains("\n  INFO epoch 2/4 done: "), message);
    assertTrue(message.contains("\nFull log: " + results.root().resolve("train.log")), message);
    assertTrue(message.endsWith("Run vgp:train again (or " + results.root().resolve("launch.sh")
        + ") to resume from the last checkpoint."), message);
    assertFalse(results.readExperiment().orElseThrow().finished());
    assertTrue(Files.isExecutable(results.root().resolve("launch.sh")));
    assertEquals("tiny", PlanFiles.readPlan(results.root().resolve("plan.json")).experiment().id());

    ChildProcessException stopped = assertThrows(ChildProcessException.class,
        () -> run(out, stoppingOn("epoch 3/4 done", ProcessHandle::destroy), plan, data));
    assertTrue(stopped.getMessage().contains("was killed by SIGTERM (exit code 143)"),
        stopped.getMessage());
    assertTrue(shown.lines.stream().anyMatch(line -> line.startsWith("tiny: resuming, ")),
        shown.lines::toString);

    List<ExperimentRunner.Outcome> outcomes = run(out, stoppingOn("never", p -> {}), plan, data);
    assertEquals(Action.RESUME, outcomes.get(0).decision().action());
    assertTrue(outcomes.get(0).training().orElseThrow().resumedAtEpoch() >= 3, shown.lines::toString);
    ExperimentRecord record = results.readExperiment().orElseThrow();
    assertTrue(record.finished());
    assertEquals(List.of(0, 1, 2, 3), results.readSummary().stream().map(m -> m.epoch()).toList());
    String log = Files.readString(results.root().resolve("train.log"));
    assertEquals(3, log.lines().filter(line -> line.startsWith("--- ")).count(), log);
  }

  /**
   * The experiments of a build train one after another in one training process, which reads the
   * data once; each trains exactly as it does alone in a process of its own.
   */
  @Test
  void experimentsShareOneTrainingProcessAndTrainAsTheyDoAlone() throws Exception {
    Path archive = dir.resolve("cifar-100-binary.tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 200, 20, 0);
    FetchRequest data = new FetchRequest(DatasetKind.CIFAR100, dir.resolve("cache"), null,
        checksum, archive, null, true);
    ExperimentDeclaration first = tiny("first", "1e-3");
    ExperimentDeclaration second = tiny("second", "3e-3");
    Path together = dir.resolve("together");
    try (ExperimentRunner runner = runner(together, shown)) {
      runner.run(plan(first, second), data, shown::info);
    }
    assertEquals(1, shown.lines.stream().filter(line -> line.contains("training images split"))
        .count(), shown.lines::toString);
    String firstLog = Files.readString(together.resolve("first/train.log"));
    String secondLog = Files.readString(together.resolve("second/train.log"));
    String pid = firstLog.substring(firstLog.indexOf(" pid "), firstLog.indexOf(": train "));
    assertTrue(secondLog.startsWith("--- ") && secondLog.contains(pid + ": train "), secondLog);
    assertFalse(secondLog.contains("first"), secondLog);

    Path alone = dir.resolve("alone");
    try (ExperimentRunner runner = runner(alone, shown)) {
      runner.run(plan(second), data, shown::info);
    }
    ResultsDirectory shared = new ResultsDirectory(together.resolve("second"));
    ResultsDirectory own = new ResultsDirectory(alone.resolve("second"));
    assertEquals(withoutTimes(own), withoutTimes(shared));
    assertEquals(own.readGradientFlow(), shared.readGradientFlow());
    assertEquals(own.readTestSummary(), shared.readTestSummary());
  }

  private static ExperimentDeclaration tiny(String id, String learningRate) {
    return new ExperimentDeclaration(id, id, new ExperimentSettings(Map.of("model", "vgg08",
        "width", "8", "epochs", "2", "batchSize", "50", "learningRate", learningRate)));
  }

  private static ExperimentPlan plan(ExperimentDeclaration... experiments) {
    return ExperimentPlan.resolve(ExperimentSettings.none(), List.of(experiments),
        PlanOverrides.none(), DataShape.cifar100());
  }

  /** summary.csv's numbers but its seconds and images/s. */
  private static List<List<Double>> withoutTimes(ResultsDirectory results) {
    return results.readSummary().stream().map(m -> List.of((double) m.epoch(), m.learningRate(),
        m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy())).toList();
  }

  private List<ExperimentRunner.Outcome> run(Path out, LogSink sink, ExperimentPlan plan,
      FetchRequest data) {
    try (ExperimentRunner runner = runner(out, sink)) {
      return runner.run(plan, data, shown::info);
    }
  }

  private static ExperimentRunner runner(Path out, LogSink sink) {
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path")
        .split(File.pathSeparator)).map(Path::of).toList();
    ChildCommand command = new ChildCommand(
        Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), classpath,
        Map.of("TF_CPP_MIN_LOG_LEVEL", "2"));
    return ExperimentRunner.inProcesses(out, ExperimentRunner.Options.defaults(),
        new ChildLauncher(command, out, sink, Duration.ZERO));
  }
}
