package dev.vgp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    });
  }

  @Test
  void aHungSqueueThatKeepsItsOutputOpenIsStoppedAndNamed(@TempDir Path dir) throws Exception {
    Path squeue = dir.resolve("squeue");
    Files.writeString(squeue, "#!/bin/sh\necho 'JOBID|NAME'\nexec sleep 600\n");
    Files.setPosixFilePermissions(squeue, PosixFilePermissions.fromString("rwxr-xr-x"));
    Slurm.Commands commands = Slurm.commands(Duration.ofSeconds(1));
    SlurmException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
        SlurmException.class, () -> commands.run(List.of(squeue.toString(), "--noheader"))));
    assertTrue(e.getMessage().startsWith("squeue did not finish within 1 s and was stopped"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; is the Slurm controller up (scontrol ping)?"),
        e.getMessage());
  }

  @Test
  void submitsWithParsableAndReadsTheJobIdWithOrWithoutACluster() {
    assertEquals("4711", answering(0, "4711\n", "").submit(Path.of("/r/a/slurm.sh"),
        List.of("--dependency=afterany:1:2")));
    assertEquals(List.of("sbatch", "--parsable", "--dependency=afterany:1:2", "/r/a/slurm.sh"),
        ran.get(0));
    assertEquals("12", Slurm.parseJobId("12;gpu-cluster\n"));
    assertThrows(SlurmException.class, () -> Slurm.parseJobId("Submitted batch job 12"));
  }

  @Test
  void aRefusedSubmissionNamesTheScriptSbatchsReasonAndWhatToCheck() {
    SlurmException refused = assertThrows(SlurmException.class, () -> answering(1, "",
        "sbatch: error: invalid partition specified: gpux\nmore\n")
        .submit(Path.of("/r/a/slurm.sh"), List.of()));
    assertTrue(refused.getMessage().startsWith("sbatch refused /r/a/slurm.sh (exit code 1):"
        + " sbatch: error: invalid partition specified: gpux. Check the resources"),
        refused.getMessage());
  }

  @Test
  void readsTheUsersLiveJobsFromSqueue() {
    List<Slurm.Job> jobs = answering(0, "7|vgp-a|RUNNING|None|/r/a/slurm.sh\n"
        + "8|vgp-report|PENDING|Dependency|/r/slurm-report.sh\n\n", "").liveJobs("ann");
    assertEquals(List.of("squeue", "--noheader", "--user=ann", "--format=%i|%j|%T|%r|%o"),
        ran.get(0));
    assertEquals(new Slurm.Job("7", "vgp-a", "RUNNING", "None", "/r/a/slurm.sh"), jobs.get(0));
    assertEquals("RUNNING", jobs.get(0).describe());
    assertEquals("PENDING (Dependency)", jobs.get(1).describe());
    assertThrows(SlurmException.class, () -> Slurm.parseQueue("7 vgp-a RUNNING"));
  }
}
