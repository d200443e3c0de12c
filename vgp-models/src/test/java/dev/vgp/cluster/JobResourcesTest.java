package dev.vgp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobResourcesTest {

  /** The {@code #SBATCH} options Slurm writes for {@code resources}, after the job's own. */
  private static List<String> slurmDirectives(JobResources resources) {
    String script = new Slurm(command -> {
      throw new AssertionError("ran " + command);
    }, "ann").trainingScript("a", Path.of("/r/a"), Path.of("/r/a/launch.sh"), resources);
    return script.lines().filter(line -> line.startsWith("#SBATCH "))
        .map(line -> line.substring("#SBATCH ".length()))
        .filter(option -> !option.startsWith("--job-name=") && !option.startsWith("--output=")
            && !option.startsWith("--open-mode="))
        .toList();
  }

  @Test
  void everyResourceGivenBecomesASlurmDirectiveAndUnsetOnesAreLeftToTheCluster() {
    JobResources all = new JobResources("gpu", 2, 8, "16G", "1-00:00:00", "proj", "normal",
        10, List.of(" --constraint=a100 ", ""), Notification.of("end, fail,REQUEUE", "me@lab"));
    assertEquals(List.of("--requeue", "--signal=B:USR1@600", "--gres=gpu:2",
        "--cpus-per-task=8", "--mem=16G", "--time=1-00:00:00", "--partition=gpu",
        "--account=proj", "--qos=normal", "--mail-type=END,FAIL,REQUEUE", "--mail-user=me@lab",
        "--constraint=a100"), slurmDirectives(all));
    assertEquals(List.of("--requeue", "--signal=B:USR1@300"),
        slurmDirectives(new JobResources(null, 0, 0, " ", null, null, null, 5, null, null)));
  }

  @Test
  void slurmTimeLimitsReadAsMinutes() {
    assertEquals(90, JobResources.minutes("90"));
    assertEquals(30, JobResources.minutes("30:59"));
    assertEquals(150, JobResources.minutes("2:30:00"));
    assertEquals(24 * 60 + 60, JobResources.minutes("1-1"));
    assertEquals(2 * 24 * 60 + 90, JobResources.minutes("2-01:30:00"));
    assertThrows(IllegalArgumentException.class, () -> JobResources.minutes("1h"));
  }

  @Test
  void mistakesAreNamedWithWhatToChange() {
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> new JobResources(null, 0, 0, null, "10:00", null, null, 10, null, null));
    assertTrue(tooShort.getMessage().contains("raise vgp.timeLimit or lower vgp.signalMinutes"),
        tooShort.getMessage());
    IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
        () -> new JobResources(null, 0, 0, null, null, null, null, 10, List.of("exclusive"),
            null));
    assertTrue(option.getMessage().contains("e.g. --constraint=a100"), option.getMessage());
    IllegalArgumentException event = assertThrows(IllegalArgumentException.class,
        () -> Notification.of("END,FINISHED", "me@lab"));
    assertTrue(event.getMessage().contains("'FINISHED' is not a mail type of Slurm"),
        event.getMessage());
    IllegalArgumentException nobody = assertThrows(IllegalArgumentException.class,
        () -> Notification.of("END", " "));
    assertTrue(nobody.getMessage().contains("needs a mailUser"), nobody.getMessage());
    IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
        () -> Notification.of("", "me@lab"));
    assertTrue(nothing.getMessage().contains("no mailType"), nothing.getMessage());
  }
}
