package dev.vgp.cluster;

import static dev.vgp.results.ExperimentRecord.Environment.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.files.RecordingSink;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ResourceUse;
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
import java.util.OptionalDouble;
import java.util.OptionalLong;
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
        new EpochMetrics(e, 1e-3, 1, 0.5, 1, 0.5, 30, 1583.4, ResourceUse.UNMEASURED)).toList());
    return results;
  }

  /** Read as for Slurm, whose queue the tests give; no command of it runs. */
  private static final Slurm SLURM = new Slurm(command -> {
    throw new AssertionError("ran " + command);
  }, "ann");

  private StudyStatus.Row row(ExperimentDefinition e, Optional<Scheduler.Job> job) {
    return new StudyStatus(out, SLURM, "0.1.0", NOW).row(e, job);
  }

  @Test
  void finishedRunsAreUpToDateWhileTheDeclarationIsUnchanged() {
    ExperimentDefinition declared = experiment("a", 4);
    results(declared, ExperimentRecord.Status.FINISHED, 4, NONE);
    assertEquals(new StudyStatus.Row("a", StudyStatus.State.FINISHED, 4, 4, 1583.4,
        Optional.empty(), "", "", ResourceUse.UNMEASURED), row(declared, Optional.empty()));
    assertEquals(StudyStatus.State.OUT_OF_DATE, row(experiment("a", 5), Optional.empty()).state());
  }

  @Test
  void aRunningRunShowsItsHostEpochSpeedAndTimeLeft() {
    ExperimentDefinition declared = experiment("a", 10);
    ResultsDirectory results = results(declared, ExperimentRecord.Status.RUNNING, 4, NONE);
    try (WriterLock lock = WriterLock.acquire(results.root(), WriterLock.Policy.failFast(),
        new RecordingSink())) {
      StudyStatus.Row row = new StudyStatus(out, SLURM, "0.1.0", Instant.now()).row(declared,
          Optional.of(new Scheduler.Job("7", "vgp-a", "RUNNING", "", true, "")));
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
    Scheduler.Job pending = new Scheduler.Job("8", "vgp-a", "PENDING", "Priority", false, "");
    assertEquals(new StudyStatus.Row("a", StudyStatus.State.QUEUED, 0, 4, 0, Optional.empty(),
        "job 8 PENDING (Priority)", "", ResourceUse.UNMEASURED),
        row(experiment("a", 4), Optional.of(pending)));

    ExperimentDefinition b = experiment("b", 4);
    results(b, ExperimentRecord.Status.INTERRUPTED, 2, NONE.stopped("SIGTERM", NOW));
    assertEquals(StudyStatus.State.INTERRUPTED, row(b, Optional.empty()).state());
    assertEquals("stopped: SIGTERM; the job resumes it",
        row(b, Optional.of(pending)).detail());

    ExperimentDefinition c = experiment("c", 4);
    results(c, ExperimentRecord.Status.DIVERGED, 2, NONE.diverged("in epoch 1 at step 3", NOW));
    assertEquals(new StudyStatus.Row("c", StudyStatus.State.DIVERGED, 2, 4, 1583.4,
        Optional.empty(), "", "in epoch 1 at step 3", ResourceUse.UNMEASURED),
        row(c, Optional.empty()));

    ExperimentDefinition d = experiment("d", 4);
    results(d, ExperimentRecord.Status.INTERRUPTED, 1, NONE.failed("disk full"));
    Files.writeString(out.resolve("d/slurm-5.log"), "INFO epoch 1/4 done\n"
        + "ERROR first\n    at x\nERROR no space left on /r/d/checkpoints\n");
    assertEquals("ERROR no space left on /r/d/checkpoints",
        row(d, Optional.empty()).detail());
    assertEquals(StudyStatus.State.FAILED, row(d, Optional.empty()).state());

    // a failure as experiment.json said it before its environment was typed
    Files.createDirectories(out.resolve("h"));
    try (InputStream old = ExperimentRecord.class.getResourceAsStream(
        "untyped-environment/failure.json")) {
      Files.copy(old, out.resolve("h/experiment.json"));
    }
    assertEquals(new StudyStatus.Row("h", StudyStatus.State.FAILED, 0, 2, 0, Optional.empty(),
        "", "failure: No space left on device", ResourceUse.UNMEASURED),
        row(experiment("h", 4), Optional.empty()));

    // a job that failed before writing experiment.json: its log says why
    Files.createDirectories(out.resolve("e"));
    Files.writeString(out.resolve("e/slurm-6.log"), "ERROR plan.json was changed\n");
    assertEquals(StudyStatus.State.FAILED, row(experiment("e", 4), Optional.empty()).state());
    assertEquals(StudyStatus.State.NOT_STARTED,
        row(experiment("f", 4), Optional.empty()).state());

    // a damaged file is its experiment's detail: the table goes on (it failed the whole goal)
    ExperimentDefinition g = experiment("g", 4);
    results(g, ExperimentRecord.Status.FINISHED, 4, NONE);
    Files.writeString(out.resolve("g/summary.csv"), "epoch,lr\nx,1\n");
    StudyStatus.Row damaged = row(g, Optional.empty());
    assertEquals(StudyStatus.State.FAILED, damaged.state());
    assertTrue(damaged.detail().startsWith(out.resolve("g/summary.csv") + " line 2 is"
        + " malformed"), damaged.detail());
  }

  @Test
  void theReportJobIsQueuedRunningDoneOrFailed() throws Exception {
    StudyStatus status = new StudyStatus(out, SLURM, "0.1.0", NOW);
    Optional<List<Scheduler.Job>> emptyQueue = Optional.of(List.of());
    assertEquals(Optional.empty(), status.reportJob(emptyQueue), "none submitted");

    Files.writeString(out.resolve("slurm-report-job"), "9\n");
    Path log = out.resolve("slurm-report-9.log");
    String job = "report job 9 (vgp:report, vgp:check): ";
    assertEquals(Optional.of(job + "queued, PENDING (Dependency); log " + log),
        status.reportJob(Optional.of(List.of(
            new Scheduler.Job("9", "vgp-report", "PENDING", "Dependency", false, "")))));
    assertEquals(Optional.of(job + "running, RUNNING; log " + log),
        status.reportJob(Optional.of(List.of(
            new Scheduler.Job("9", "vgp-report", "RUNNING", "", true, "")))));

    Files.writeString(log, "[INFO] BUILD SUCCESS\n\u001b[0m\u001b[0m" + BatchScripts.REPORT_ENDED
        + "0\n");
    assertEquals(Optional.of(job + "done; log " + log), status.reportJob(emptyQueue));
    assertEquals(Optional.of(job + "done; log " + log), status.reportJob(Optional.empty()),
        "its log says so without Slurm");

    Files.writeString(log, "[ERROR] Failed to execute goal dev.vgp:vgp-maven-plugin:0.1.0:check"
        + " (default-cli) on project p: 1 of 2 expectations failed:\n[ERROR]   - a: b\n"
        + "[ERROR] -> [Help 1]\n" + BatchScripts.REPORT_ENDED + "1\n");
    assertEquals(Optional.of(job + "failed, exit code 1: Failed to execute goal"
        + " dev.vgp:vgp-maven-plugin:0.1.0:check (default-cli) on project p: 1 of 2 expectations"
        + " failed:; log " + log), status.reportJob(emptyQueue));

    // killed: its Maven by a signal, or the whole job by scancel or with its node (the log
    // stops short)
    Files.writeString(log, "[INFO] Report of 2 experiments\n" + BatchScripts.REPORT_ENDED
        + "137\n");
    assertEquals(Optional.of(job + "failed: killed by signal 9 (exit code 137); log " + log
        + "; vgp:submit submits it again"), status.reportJob(emptyQueue));
    Files.writeString(log, "[INFO] Report of 2 experiments\n");
    assertEquals(Optional.of(job + "failed: it left the queue without ending (cancelled, killed,"
        + " or its node failed); log " + log + "; vgp:submit submits it again"),
        status.reportJob(emptyQueue));
    assertEquals(Optional.of(job + "not ended, or killed (Slurm's queue is not readable); log "
        + log), status.reportJob(Optional.empty()));
    Files.delete(log);
    assertEquals(Optional.of(job + "failed: it left the queue without ending (cancelled, killed,"
        + " or its node failed), and wrote no log " + log + "; vgp:submit submits it again"),
        status.reportJob(emptyQueue));
  }

  @Test
  void theTableAlignsItsColumnsAndShowsWhatTheRunCostSoFar() {
    ResourceUse cost = new ResourceUse(OptionalDouble.of(7384.2), OptionalLong.of(3_006_477_107L),
        OptionalLong.of(900L << 20), OptionalLong.of(1L << 30), OptionalLong.of(1L << 29),
        OptionalLong.empty());
    assertEquals("""
        experiment  state        epoch  images/s  ETA         CPU         peak RSS  GPU memory\
          where  detail
        vgg38-1e-3  running      3/100  212       1 h 37 min  2 h 03 min  2.8 GiB\
                       node7
        b           not started  0/4
        """, StudyStatus.table(List.of(
        new StudyStatus.Row("vgg38-1e-3", StudyStatus.State.RUNNING, 3, 100, 211.6,
            Optional.of(Duration.ofSeconds(5820)), "node7", "", cost),
        new StudyStatus.Row("b", StudyStatus.State.NOT_STARTED, 0, 4, 0, Optional.empty(),
            "", "", ResourceUse.UNMEASURED))));
  }
}
