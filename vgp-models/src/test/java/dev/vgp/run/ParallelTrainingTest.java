package dev.vgp.run;

import static dev.vgp.run.TrainingParent.plan;
import static dev.vgp.run.TrainingParent.runner;
import static dev.vgp.run.TrainingParent.tiny;
import static dev.vgp.run.TrainingParent.withoutTimes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.FetchRequest;
import dev.vgp.files.RecordingSink;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.run.RunDecision.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dvgp.parallel} for real: tiny VGG08s train in two training processes at once, started
 * from this test's classpath, with the numbers one process gives, each line tagged with its
 * experiment; a failure ends no experiment under way; Ctrl-C stops them all, and a rerun resumes
 * them all.
 */
class ParallelTrainingTest {

  /** A line a training process showed: its level as {@link RecordingSink} marks it, its tag. */
  private static final Pattern TAGGED = Pattern.compile("^(?:debug: |warn: |error: )?\\[([\\w-]+)] .+");

  @TempDir Path dir;
  private final RecordingSink shown = new RecordingSink();
  private final RecordingSink fromProcesses = new RecordingSink();
  private TrainingParent.SyntheticData synthetic;
  private FetchRequest data;

  @BeforeEach
  void syntheticCifar100() {
    synthetic = TrainingParent.SyntheticData.writeTo(dir);
    data = synthetic.request();
  }

  /**
   * Two processes train three experiments, both taking work, into the same numbers as one
   * process with as many threads (the CPU kernels split their sums by the thread count, so the
   * default split of the cores would change the last bits: docs/engine.md, Determinism); each
   * line a process shows is whole and tagged with its experiment, and one process shows none
   * tagged.
   */
  @Test
  void twoProcessesTrainAsOneDoesEachLineTaggedWithItsExperiment() throws Exception {
    ExperimentPlan plan = plan(2, tiny("a", "1e-3"), tiny("b", "3e-3"), tiny("c", "1e-2"));
    Path parallel = dir.resolve("parallel");
    ChildCommand oneThread = TrainingParent.command(Map.of(ChildCommand.INTRA_OP_THREADS, "1",
        ChildCommand.INTER_OP_THREADS, "1"));
    try (ExperimentRunner runner = new ExperimentRunner(parallel,
        ExperimentRunner.Options.defaults(),
        ChildLauncher.several(2, oneThread, parallel, fromProcesses, Duration.ZERO))) {
      runner.run(plan, data, new RunLog(shown, Duration.ZERO));
    }
    Set<String> pids = new HashSet<>();
    for (String id : List.of("a", "b", "c")) pids.add(pid(parallel.resolve(id).resolve("train.log")));
    assertEquals(2, pids.size(), "both processes train: " + pids);
    for (String line : fromProcesses.lines) {
      Matcher tagged = TAGGED.matcher(line);
      assertTrue(tagged.matches() && Set.of("a", "b", "c").contains(tagged.group(1)), line);
    }
    for (String id : List.of("a", "b", "c")) {
      for (int epoch = 1; epoch <= 2; epoch++) {
        String done = "[" + id + "] epoch " + epoch + "/2 done: ";
        assertEquals(1, fromProcesses.lines.stream().filter(line -> line.startsWith(done)
            && line.matches(".* left$")).count(), fromProcesses.lines::toString);
      }
    }

    fromProcesses.lines.clear();
    Path serial = dir.resolve("serial");
    try (ExperimentRunner runner = new ExperimentRunner(serial,
        ExperimentRunner.Options.defaults(),
        new ChildLauncher(oneThread, serial, fromProcesses, Duration.ZERO))) {
      runner.run(plan, data, new RunLog(shown, Duration.ZERO));
    }
    assertFalse(fromProcesses.lines.isEmpty());
    assertTrue(fromProcesses.lines.stream().noneMatch(line -> TAGGED.matcher(line).matches()),
        fromProcesses.lines::toString);
    for (String id : List.of("a", "b", "c")) {
      ResultsDirectory one = new ResultsDirectory(serial.resolve(id));
      ResultsDirectory two = new ResultsDirectory(parallel.resolve(id));
      assertTrue(two.readExperiment().orElseThrow().finished());
      assertEquals(withoutTimes(one), withoutTimes(two), id);
      assertEquals(one.readGradientFlow(), two.readGradientFlow(), id);
      assertEquals(one.readTestSummary(), two.readTestSummary(), id);
    }
  }

  /**
   * An experiment that diverges fails the run, but the one training beside it runs to its end;
   * told not to fail on divergence, the others all train. (Several failures named together:
   * {@link ExperimentQueueTest}.)
   */
  @Test
  void aFailureLetsTheExperimentUnderWayEnd() {
    Path out = dir.resolve("out");
    ExperimentPlan plan = plan(6, tiny("steady", "1e-3"), tiny("exploding", "1e6"),
        tiny("later", "1e-3"));
    ExperimentDivergedException diverged = assertThrows(ExperimentDivergedException.class,
        () -> run(out, 2, ExperimentRunner.Options.defaults(), plan));
    assertTrue(diverged.getMessage().startsWith("exploding diverged in epoch 0 at step "),
        diverged.getMessage());
    ResultsDirectory steady = new ResultsDirectory(out.resolve("steady"));
    assertTrue(steady.readExperiment().orElseThrow().finished(), shown.lines::toString);
    assertEquals(6, steady.readSummary().size());
    assertEquals(ExperimentRecord.Status.DIVERGED,
        new ResultsDirectory(out.resolve("exploding")).readExperiment().orElseThrow().status());

    // "later" started only if steady ended before the divergence was known
    List<ExperimentRunner.Outcome> outcomes = run(out, 2, new ExperimentRunner.Options(false,
        WriterLock.Policy.failFast(), false), plan);
    assertEquals(List.of(Action.SKIP, Action.RESTART),
        outcomes.stream().limit(2).map(o -> o.decision().action()).toList());
    assertTrue(outcomes.get(1).divergedAt().isPresent());
    assertTrue(new ResultsDirectory(out.resolve("later")).readExperiment().orElseThrow()
        .finished());
  }

  /**
   * SIGINT to the JVM that runs two training processes, as Ctrl-C gives Maven: both stop at a
   * step boundary (status interrupted, lock released) and a rerun resumes both.
   */
  @Test
  void interruptingTheParentStopsEveryTrainingProcessAndARerunResumesThemAll() throws Exception {
    Path out = dir.resolve("out");
    int epochs = 30;
    List<String> ids = List.of("tiny", "tiny2");
    TrainingParent.Interrupted interrupted = TrainingParent.interruptWhen(
        lines -> ids.stream().allMatch(id -> lines.stream().anyMatch(
            line -> line.startsWith("INFO [" + id + "] epoch 1/" + epochs + " done"))),
        out, synthetic, epochs, 2);
    List<String> lines = interrupted.lines();
    assertEquals(2, interrupted.children().size(), lines::toString);
    for (String id : ids) {
      assertTrue(lines.stream().anyMatch(line -> line.matches("INFO \\[" + id + "] " + id
          + ": stopped in epoch \\d+ at step \\d of 4 \\(the JVM is shutting down.*\\); a rerun"
          + " resumes after epoch \\d+ from .*")), lines::toString);
      ResultsDirectory results = new ResultsDirectory(out.resolve(id));
      assertEquals(ExperimentRecord.Status.INTERRUPTED,
          results.readExperiment().orElseThrow().status(), lines::toString);
      assertFalse(Files.exists(results.root().resolve("vgp.lock")), "the lock was not released");
    }

    List<ExperimentRunner.Outcome> outcomes = run(out, 2, ExperimentRunner.Options.defaults(),
        plan(epochs, tiny("tiny", "1e-3"), tiny("tiny2", "1e-3")));
    for (ExperimentRunner.Outcome outcome : outcomes) {
      ResultsDirectory results = new ResultsDirectory(out.resolve(outcome.experiment().id()));
      assertEquals(Action.RESUME, outcome.decision().action());
      assertTrue(outcome.training().orElseThrow().resumedAtEpoch() >= 1, shown.lines::toString);
      assertTrue(results.readExperiment().orElseThrow().finished());
      assertEquals(epochs, results.readSummary().size());
    }
  }

  private List<ExperimentRunner.Outcome> run(Path out, int processes,
      ExperimentRunner.Options options, ExperimentPlan plan) {
    try (ExperimentRunner runner = runner(out, fromProcesses, processes, options)) {
      return runner.run(plan, data, new RunLog(shown, Duration.ZERO));
    }
  }

  /** The pid of the training process that began {@code log}, from its first header. */
  private static String pid(Path log) throws Exception {
    String header = Files.readAllLines(log).get(0);
    return header.substring(header.indexOf(" pid ") + 5, header.indexOf(": train "));
  }
}
