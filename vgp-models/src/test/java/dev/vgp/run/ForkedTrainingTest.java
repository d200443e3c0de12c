package dev.vgp.run;

import static dev.vgp.run.TrainingParent.plan;
import static dev.vgp.run.TrainingParent.runner;
import static dev.vgp.run.TrainingParent.tiny;
import static dev.vgp.run.TrainingParent.trainingProcesses;
import static dev.vgp.run.TrainingParent.withoutTimes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.FetchRequest;
import dev.vgp.files.LogSink;
import dev.vgp.files.RecordingSink;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.run.RunDecision.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vgp:train's default path for real: tiny VGG08s train in a training process started from this
 * test's classpath, which is killed mid-run (SIGKILL, then SIGTERM), or whose parent is
 * interrupted as Ctrl-C would Maven, and each rerun resumes; several experiments share one
 * process.
 */
class ForkedTrainingTest {

  @TempDir Path dir;
  private final RecordingSink shown = new RecordingSink();
  private TrainingParent.SyntheticData synthetic;
  private FetchRequest data;

  @BeforeEach
  void syntheticCifar100() {
    synthetic = TrainingParent.SyntheticData.writeTo(dir);
    data = synthetic.request();
  }

  /** A sink that keeps every line and stops the training process on the line given. */
  private LogSink stoppingOn(String line, Consumer<ProcessHandle> stop) {
    return new RecordingSink() {
      @Override
      public void info(String message) {
        shown.info(message);
        if (message.startsWith(line)) trainingProcesses(ProcessHandle.current()).forEach(stop);
      }
    };
  }

  @Test
  void aKilledTrainingProcessFailsTheRunWithItsSignalAndARerunResumes() throws Exception {
    // Far more epochs than the kills need: the sink acts on a line the process printed a moment
    // ago, and on a loaded machine a 4-epoch run had finished by the time the kill landed.
    int epochs = 30;
    ExperimentPlan plan = plan(epochs, tiny("tiny", "1e-3"));
    Path out = dir.resolve("out");
    ResultsDirectory results = new ResultsDirectory(out.resolve("tiny"));

    ChildProcessException killed = assertThrows(ChildProcessException.class,
        () -> run(out, stoppingOn("epoch 2/" + epochs + " done", ProcessHandle::destroyForcibly),
            plan));
    String message = killed.getMessage();
    assertTrue(message.startsWith("training tiny failed: its process (pid "), message);
    assertTrue(message.contains("was killed by SIGKILL (exit code 137)"), message);
    assertTrue(message.contains("\n  INFO epoch 2/" + epochs + " done: "), message);
    assertTrue(message.contains("\nFull log: " + results.root().resolve("train.log")), message);
    assertTrue(message.endsWith("Run vgp:train again (or " + results.root().resolve("launch.sh")
        + ") to resume from the last checkpoint."), message);
    assertFalse(results.readExperiment().orElseThrow().finished());
    assertTrue(Files.isExecutable(results.root().resolve("launch.sh")));
    assertEquals("tiny", PlanFiles.readPlan(results.root().resolve("plan.json")).experiment().id());

    ChildProcessException stopped = assertThrows(ChildProcessException.class,
        () -> run(out, stoppingOn("epoch 3/" + epochs + " done", ProcessHandle::destroy), plan));
    assertTrue(stopped.getMessage().contains("was killed by SIGTERM (exit code 143)"),
        stopped.getMessage());
    assertTrue(shown.lines.stream().anyMatch(line -> line.startsWith("tiny: resuming, ")),
        shown.lines::toString);

    List<ExperimentRunner.Outcome> outcomes = run(out, stoppingOn("never", p -> {}), plan);
    assertEquals(Action.RESUME, outcomes.get(0).decision().action());
    assertTrue(outcomes.get(0).training().orElseThrow().resumedAtEpoch() >= 3, shown.lines::toString);
    ExperimentRecord record = results.readExperiment().orElseThrow();
    assertTrue(record.finished());
    assertEquals(IntStream.range(0, epochs).boxed().toList(),
        results.readSummary().stream().map(m -> m.epoch()).toList());
    String log = Files.readString(results.root().resolve("train.log"));
    assertEquals(3, log.lines().filter(line -> line.startsWith("--- ")).count(), log);
  }

  /**
   * SIGINT to the JVM that started the training process, as Ctrl-C gives Maven: its shutdown
   * stops the training process at a step boundary, which records where it stopped and releases
   * the lock, and a rerun resumes from the last checkpoint.
   */
  @Test
  void interruptingTheParentStopsItsTrainingProcessCleanlyAndARerunResumes() throws Exception {
    Path out = dir.resolve("out");
    ResultsDirectory results = new ResultsDirectory(out.resolve("tiny"));
    int epochs = 30;
    TrainingParent.Interrupted interrupted = TrainingParent.interruptWhen(
        lines -> lines.get(lines.size() - 1).startsWith("INFO epoch 1/" + epochs + " done"),
        out, synthetic, epochs, 1);
    List<String> lines = interrupted.lines();
    assertEquals(1, interrupted.children().size(), lines::toString);
    assertTrue(lines.stream().anyMatch(line -> line.matches("INFO tiny: stopped in epoch \\d+ at"
        + " step \\d of 4 \\(the JVM is shutting down.*\\); a rerun resumes after epoch \\d+ from"
        + " .*")), lines::toString);
    ExperimentRecord stopped = results.readExperiment().orElseThrow();
    assertEquals(ExperimentRecord.Status.INTERRUPTED, stopped.status(), lines::toString);
    assertFalse(Files.exists(results.root().resolve("vgp.lock")), "the lock was not released");
    int done = results.readSummary().size();
    assertTrue(done >= 1 && done < epochs, lines::toString);

    List<ExperimentRunner.Outcome> outcomes =
        run(out, stoppingOn("never", p -> {}), plan(epochs, tiny("tiny", "1e-3")));
    assertEquals(Action.RESUME, outcomes.get(0).decision().action());
    assertEquals(done, outcomes.get(0).training().orElseThrow().resumedAtEpoch(),
        shown.lines::toString);
    assertTrue(results.readExperiment().orElseThrow().finished());
    assertEquals(epochs, results.readSummary().size());
  }

  /**
   * The experiments of a build train one after another in one training process, which reads the
   * data once; each trains exactly as it does alone in a process of its own.
   */
  @Test
  void experimentsShareOneTrainingProcessAndTrainAsTheyDoAlone() throws Exception {
    Path together = dir.resolve("together");
    try (ExperimentRunner runner = runner(together, shown)) {
      runner.run(plan(2, tiny("first", "1e-3"), tiny("second", "3e-3")), data, new RunLog(shown, Duration.ZERO));
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
      runner.run(plan(2, tiny("second", "3e-3")), data, new RunLog(shown, Duration.ZERO));
    }
    ResultsDirectory shared = new ResultsDirectory(together.resolve("second"));
    ResultsDirectory own = new ResultsDirectory(alone.resolve("second"));
    assertEquals(withoutTimes(own), withoutTimes(shared));
    assertEquals(own.readGradientFlow(), shared.readGradientFlow());
    assertEquals(own.readTestSummary(), shared.readTestSummary());
  }

  /** A training process killed while it waits for its next task is replaced by a new one. */
  @Test
  void aTrainingProcessThatDiedBetweenTasksIsReplaced() throws Exception {
    Path out = dir.resolve("out");
    try (ExperimentRunner runner = runner(out, shown)) {
      runner.run(plan(1, tiny("first", "1e-3")), data, new RunLog(shown, Duration.ZERO));
      List<ProcessHandle> idle = trainingProcesses(ProcessHandle.current());
      assertEquals(1, idle.size());
      idle.get(0).destroyForcibly();
      idle.get(0).onExit().get(10, TimeUnit.SECONDS);
      runner.run(plan(1, tiny("second", "1e-3")), data, new RunLog(shown, Duration.ZERO));
    }
    assertTrue(new ResultsDirectory(out.resolve("second")).readExperiment().orElseThrow()
        .finished());
  }

  private List<ExperimentRunner.Outcome> run(Path out, LogSink sink, ExperimentPlan plan) {
    try (ExperimentRunner runner = runner(out, sink)) {
      return runner.run(plan, data, new RunLog(shown, Duration.ZERO));
    }
  }
}
