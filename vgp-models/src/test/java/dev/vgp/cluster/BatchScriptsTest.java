package dev.vgp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slurm's job scripts; the training job's run by bash as Slurm would run it, around a stand-in
 * for {@code launch.sh} that records the signals it gets and a stand-in {@code scontrol}.
 */
class BatchScriptsTest {

  @TempDir
  Path dir;

  /** Writing scripts runs none of Slurm's commands. */
  private static final Slurm SLURM = new Slurm(command -> {
    throw new AssertionError("ran " + command);
  }, "ann");

  private static final JobResources RESOURCES =
      new JobResources("gpu", 1, 4, "8G", "2:00:00", null, null, 10, List.of("--exclusive"),
          Notification.NONE);

  @Test
  void theTrainingScriptNamesTheJobItsLogAndItsResourcesInSbatchLines() {
    String script = SLURM.trainingScript("vgg38-1e-3", Path.of("/results/vgg38-1e-3"),
        Path.of("/results/vgg38-1e-3/launch.sh"), RESOURCES);
    assertTrue(script.startsWith("#!/bin/bash\n#SBATCH --job-name=vgp-vgg38-1e-3\n"
        + "#SBATCH --output=/results/vgg38-1e-3/slurm-%j.log\n#SBATCH --open-mode=append\n"
        + "#SBATCH --requeue\n#SBATCH --signal=B:USR1@600\n#SBATCH --gres=gpu:1\n"
        + "#SBATCH --cpus-per-task=4\n#SBATCH --mem=8G\n#SBATCH --time=2:00:00\n"
        + "#SBATCH --partition=gpu\n#SBATCH --exclusive\n#"), script);
    assertTrue(script.contains("\n'/results/vgg38-1e-3/launch.sh' &\n"), script);
  }

  @Test
  void theReportScriptRunsItsCommandInTheProjectWithPlacementOnly() {
    String script = SLURM.reportScript(Path.of("/p/target/vgp"), Path.of("/p"),
        List.of("/opt/maven/bin/mvn", "-o", "it's"), RESOURCES);
    assertTrue(script.startsWith("#!/bin/bash\n#SBATCH --job-name=vgp-report\n"
        + "#SBATCH --output=/p/target/vgp/slurm-report-%j.log\n#SBATCH --partition=gpu\n#"),
        script);
    assertTrue(script.contains("\ncd '/p' || exit 1\n'/opt/maven/bin/mvn' '-o' 'it'\\''s'\n"),
        script);
  }

  @Test
  void theReportScriptEndsItsLogWithItsCommandsExitCode() throws Exception {
    for (int exitCode : new int[] {0, 3}) {
      Path script = dir.resolve("slurm-report.sh");
      AtomicFiles.writeScript(script, SLURM.reportScript(dir, dir,
          List.of("sh", "-c", "echo \"in $(pwd)\"; exit " + exitCode), RESOURCES));
      Path log = dir.resolve("report.log");
      Process job = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      assertEquals(exitCode, finish(job));
      assertEquals("in " + dir + "\n" + BatchScripts.REPORT_ENDED + exitCode + "\n",
          Files.readString(log));
    }
  }

  @Test
  void beforeTheTimeLimitTheTrainerIsStoppedAndTheJobRequeuesItself() throws Exception {
    Process job = startJob(0);
    signal(job, "USR1");
    assertEquals(143, finish(job));
    assertEquals("started\nSIGTERM\n", Files.readString(dir.resolve("trainer.txt")));
    assertEquals("requeue 42\n", Files.readString(dir.resolve("scontrol.txt")));
  }

  @Test
  void onPreemptionTheTrainerIsStoppedAndSlurmRequeues() throws Exception {
    Process job = startJob(0);
    signal(job, "TERM");
    assertEquals(143, finish(job));
    assertEquals("started\nSIGTERM\n", Files.readString(dir.resolve("trainer.txt")));
    assertTrue(Files.notExists(dir.resolve("scontrol.txt")), "Slurm requeues, not the job");
  }

  @Test
  void aTrainerThatEndsOnItsOwnEndsTheJobWithItsExitCode() throws Exception {
    assertEquals(3, finish(startJob(3)));
    assertTrue(Files.notExists(dir.resolve("scontrol.txt")));
  }

  /**
   * Starts the script on a stand-in launch.sh that runs until TERM, or exits with
   * {@code exitCode} at once when it is not 0.
   */
  private Process startJob(int exitCode) throws IOException, InterruptedException {
    Path bin = dir.resolve("bin");
    AtomicFiles.writeScript(bin.resolve("scontrol"),
        "#!/bin/sh\necho \"$*\" >> '" + dir.resolve("scontrol.txt") + "'\n");
    Path trainer = dir.resolve("trainer.txt");
    AtomicFiles.writeScript(dir.resolve("launch.sh"), "#!/bin/bash\n"
        + (exitCode != 0 ? "exit " + exitCode + "\n" : "")
        + "trap 'echo SIGTERM >> " + trainer + "; exit 143' TERM\n"
        + "echo started >> " + trainer + "\n"
        + "while true; do sleep 0.05; done\n");
    Path script = dir.resolve("slurm.sh");
    AtomicFiles.writeScript(script,
        SLURM.trainingScript("a", dir, dir.resolve("launch.sh"), RESOURCES));
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("job.log").toFile());
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("SLURM_JOB_ID", "42");
    Process job = builder.start();
    if (exitCode == 0) {
      for (int i = 0; i < 200 && !Files.exists(trainer); i++) Thread.sleep(25);
      Thread.sleep(200); // the script sets its traps right after starting the trainer
    }
    return job;
  }

  private static void signal(Process job, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(job.pid()))
        .start().waitFor());
  }

  private int finish(Process job) throws Exception {
    assertTrue(job.waitFor(20, TimeUnit.SECONDS), "the job script did not end");
    return job.exitValue();
  }
}
