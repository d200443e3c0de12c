package dev.vgp.cluster;

import static dev.vgp.results.ExperimentRecord.Environment.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.files.RecordingSink;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each state of the table, from results directories written as a run leaves them. */
class StudyStatusTest {

  @TempDir
  Path out;

  private static final Instant NOW = Instant.parse("2026-12-02T20:00:00Z");

  private static ExperimentDefinition experiment(String id, int epochs) {
    return new ExperimentDefinition(id, id, ModelSpec.vgg08(),
        TrainingConfig.reference().with("epochs", epochs));
  }

  /** Results as a run of {@code declared} leaves them after {@code done} epochs of 30 s. */
  private ResultsDirectory results(ExperimentDefinition declared, ExperimentRecord.Status state,
      int done, ExperimentRecord.Environment environment) {
    ResultsDirectory results = new ResultsDirectory(out.resolve(declared.id()));
    results.writeExperiment(declared.record(state, "cifar100", "abc", "0.1.0", environment));
    results.writeSummary(IntStream.range(0, done).mapToObj(e ->
        new EpochMetrics(e, 1e-3, 1, 0.5, 1, 0.5, 30, 1583.4)).toList());
    return results;
  }

  private StudyStatus.Row row(ExperimentDefinition e, Optional<Slurm.Job> job) {
    return new StudyStatus(out, "0.1.0", NOW).row(e, job);
  }

  @Test
  void finishedRunsAreUpToDateWhileTheDeclarationIsUnchanged() {
    ExperimentDefinition declared = experiment("a", 4);
    results(declared, ExperimentRecord.Status.FINISHED, 4, NONE);
    assertEquals(new StudyStatus.Row("a", StudyStatus.State.FINISHED, 4, 4, 1583.4,
        Optional.empty(), "", ""), row(declared, Optional.empty()));
    assertEquals(StudyStatus.State.OUT_OF_DATE, row(experiment("a", 5), Optional.empty()).state());
  }

  @Test
  void aRunningRunShowsItsHostEpochSpeedAndTimeLeft() {
    ExperimentDefinition declared = experiment("a", 10);
    ResultsDirectory results = results(declared, ExperimentRecord.Status.RUNNING, 4, NONE);
    try (WriterLock lock = WriterLock.acquire(results.root(), WriterLock.Policy.failFast(),
        new RecordingSink())) {
      StudyStatus.Row row = new StudyStatus(out, "0.1.0", Instant.now()).row(declared,
          Optional.of(new Slurm.Job("7", "vgp-a", "RUNNING", "None", "")));
      assertEquals(StudyStatus.State.RUNNING, row.state());
      assertEquals(Optional.of(Duration.ofMinutes(3)), row.eta());
      assertEquals(WriterLock.read(results.root()).orElseThrow().host() + " pid "
          + ProcessHandle.current().pid() + ", job 7 RUNNING", row.where());
    }
    // its process gone (killed), no job: interrupted, and a rerun resumes it
    assertEquals(StudyStatus.State.INTERRUPTED, row(declared, Optional.empty()).state());
  }

  @Test
  void queuedInterruptedDivergedFailedAndNotStarted() throws Exception {
    Slurm.Job pending = new Slurm.Job("8", "vgp-a", "PENDING", "Priority", "");
    assertEquals(new StudyStatus.Row("a", StudyStatus.State.QUEUED, 0, 4, 0, Optional.empty(),
        "job 8 PENDING (Priority)", ""), row(experiment("a", 4), Optional.of(pending)));

    ExperimentDefinition b = experiment("b", 4);
    results(b, ExperimentRecord.Status.INTERRUPTED, 2, NONE.stopped("SIGTERM", NOW));
    assertEquals(StudyStatus.State.INTERRUPTED, row(b, Optional.empty()).state());
    assertEquals("stopped: SIGTERM; the job resumes it",
        row(b, Optional.of(pending)).detail());

    ExperimentDefinition c = experiment("c", 4);
    results(c, ExperimentRecord.Status.DIVERGED, 2, NONE.diverged("in epoch 1 at step 3", NOW));
    assertEquals(new StudyStatus.Row("c", StudyStatus.State.DIVERGED, 2, 4, 1583.4,
        Optional.empty(), "", "in epoch 1 at step 3"), row(c, Optional.empty()));

    ExperimentDefinition d = experiment("d", 4);
    results(d, ExperimentRecord.Status.INTERRUPTED, 1, NONE.failed("disk full"));
    Files.writeString(out.resolve("d/slurm-5.log"), "INFO epoch 1/4 done\n"
        + "ERROR first\n    at x\nERROR no space left on /r/d/checkpoints\n");
    assertEquals("ERROR no space left on /r/d/checkpoints",
        row(d, Optional.empty()).detail());
    assertEquals(StudyStatus.State.FAILED, row(d, Optional.empty()).state());

    // a failure as experiment.json said it before its environment was typed
    Files.createDirectories(out.resolve("g"));
    try (InputStream old = ExperimentRecord.class.getResourceAsStream(
        "untyped-environment/failure.json")) {
      Files.copy(old, out.resolve("g/experiment.json"));
    }
    assertEquals(new StudyStatus.Row("g", StudyStatus.State.FAILED, 0, 2, 0, Optional.empty(),
        "", "failure: No space left on device"), row(experiment("g", 4), Optional.empty()));

    // a job that failed before writing experiment.json: its log says why
    Files.createDirectories(out.resolve("e"));
    Files.writeString(out.resolve("e/slurm-6.log"), "ERROR plan.json was changed\n");
    assertEquals(StudyStatus.State.FAILED, row(experiment("e", 4), Optional.empty()).state());
    assertEquals(StudyStatus.State.NOT_STARTED,
        row(experiment("f", 4), Optional.empty()).state());
  }

  @Test
  void theTableAlignsItsColumns() {
    assertEquals("""
        experiment  state        epoch  images/s  ETA         where  detail
        vgg38-1e-3  running      3/100  212       1 h 37 min  node7
        b           not started  0/4
        """, StudyStatus.table(List.of(
        new StudyStatus.Row("vgg38-1e-3", StudyStatus.State.RUNNING, 3, 100, 211.6,
            Optional.of(Duration.ofSeconds(5820)), "node7", ""),
        new StudyStatus.Row("b", StudyStatus.State.NOT_STARTED, 0, 4, 0, Optional.empty(),
            "", ""))));
  }
}
