package dev.vgp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmTest {

  private final List<List<String>> ran = new ArrayList<>();

  private Slurm answering(int exitCode, String output, String errors) {
    return new Slurm(command -> {
      ran.add(command);
      return new Slurm.Result(exitCode, output, errors);
    }, "ann");
  }

  @Test
  void aHungSqueueThatKeepsItsOutputOpenIsStoppedAndNamed(@TempDir Path dir) throws Exception {
    Path squeue = dir.resolve("squeue");
    Files.writeString(squeue, "#!/bin/sh\necho 'JOBID|NAME'\nexec sleep 600\n");
    Files.setPosixFilePermissions(squeue, PosixFilePermissions.fromString("rwxr-xr-x"));
    Slurm.Commands commands = Slurm.commands(Duration.ofSeconds(1));
    SchedulerException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
        SchedulerException.class, () -> commands.run(List.of(squeue.toString(), "--noheader"))));
    assertTrue(e.getMessage().startsWith("squeue did not finish within 1 s and was stopped"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; is the Slurm controller up (scontrol ping)?"),
        e.getMessage());
  }

  @Test
  void submitsWithParsableAndReadsTheJobIdWithOrWithoutACluster() {
    assertEquals("4711", answering(0, "4711\n", "").submit(Path.of("/r/a/slurm.sh"),
        List.of("1", "2")));
    assertEquals(List.of("sbatch", "--parsable", "--dependency=afterany:1:2", "/r/a/slurm.sh"),
        ran.get(0));
    assertEquals("12", Slurm.parseJobId("12;gpu-cluster\n"));
    assertThrows(SchedulerException.class, () -> Slurm.parseJobId("Submitted batch job 12"));
  }

  @Test
  void aRefusedSubmissionNamesTheScriptSbatchsReasonAndWhatToCheck() {
    SchedulerException refused = assertThrows(SchedulerException.class, () -> answering(1, "",
        "sbatch: error: invalid partition specified: gpux\nmore\n")
        .submit(Path.of("/r/a/slurm.sh"), List.of()));
    assertTrue(refused.getMessage().startsWith("sbatch refused /r/a/slurm.sh (exit code 1):"
        + " sbatch: error: invalid partition specified: gpux. Check the resources"),
        refused.getMessage());
  }

  @Test
  void readsTheUsersLiveJobsFromSqueue() {
    List<Scheduler.Job> jobs = answering(0, "7|vgp-a|RUNNING|None|/r/a/slurm.sh\n"
        + "8|vgp-report|PENDING|Dependency|/r/slurm-report.sh\n\n", "").liveJobs();
    assertEquals(List.of("squeue", "--noheader", "--user=ann", "--format=%i|%j|%T|%r|%o"),
        ran.get(0));
    assertEquals(new Scheduler.Job("7", "vgp-a", "RUNNING", "", true, "/r/a/slurm.sh"),
        jobs.get(0));
    assertFalse(jobs.get(1).started());
    assertEquals("RUNNING", jobs.get(0).describe());
    assertEquals("PENDING (Dependency)", jobs.get(1).describe());
    assertThrows(SchedulerException.class, () -> Slurm.parseQueue("7 vgp-a RUNNING"));
  }

  @Test
  void submitsWithoutADependencyWhenThereIsNothingToWaitFor() {
    answering(0, "5\n", "").submit(Path.of("/r/slurm-report.sh"), List.of());
    assertEquals(List.of("sbatch", "--parsable", "/r/slurm-report.sh"), ran.get(0));
  }

  @Test
  void cancelsWithScancelAndAJobThatEndedMeanwhileIsNoError() {
    answering(0, "", "").cancel("9");
    assertEquals(List.of("scancel", "9"), ran.get(0));
    // scancel failed and squeue no longer lists it: it ended
    cancelFailing("").cancel("9");
    SchedulerException stillLive = assertThrows(SchedulerException.class,
        () -> cancelFailing("9|vgp-report|PENDING|Dependency|/r/slurm-report.sh\n").cancel("9"));
    assertTrue(stillLive.getMessage().startsWith("scancel 9 failed (exit code 1): scancel:"
        + " error: Access denied"), stillLive.getMessage());
  }

  /** A Slurm whose scancel fails and whose squeue lists {@code queue}. */
  private static Slurm cancelFailing(String queue) {
    return new Slurm(command -> command.get(0).equals("scancel")
        ? new Slurm.Result(1, "", "scancel: error: Access denied\n")
        : new Slurm.Result(0, queue, ""), "ann");
  }

  @Test
  void itsFilesKeepTheNamesOfResultsSubmittedBeforeThereWereOtherSchedulers() {
    Slurm slurm = answering(0, "", "");
    assertEquals("Slurm", slurm.name());
    JobFiles files = slurm.files();
    assertEquals(List.of("slurm.sh", "slurm-%j.log", "slurm-job", "slurm-report.sh",
        "slurm-report-9.log", "slurm-report-job"), List.of(files.trainingScript(),
        files.trainingLog("%j"), files.jobFile(), files.reportScript(), files.reportLog("9"),
        files.reportJobFile()));
    assertEquals(List.of("slurm.sh", "slurm-job", "slurm-*.log"), files.ofTheJobUnderWay());
  }
}
