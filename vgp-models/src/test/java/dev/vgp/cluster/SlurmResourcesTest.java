package dev.vgp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmResourcesTest {

  @Test
  void everyResourceGivenBecomesADirectiveAndUnsetOnesAreLeftToTheCluster() {
    SlurmResources all = new SlurmResources("gpu", 2, 8, "16G", "1-00:00:00", "proj", "normal",
        10, List.of(" --constraint=a100 ", ""));
    assertEquals(List.of("--requeue", "--signal=B:USR1@600", "--gres=gpu:2",
        "--cpus-per-task=8", "--mem=16G", "--time=1-00:00:00", "--partition=gpu",
        "--account=proj", "--qos=normal", "--constraint=a100"), all.trainingDirectives());
    assertEquals(List.of("--requeue", "--signal=B:USR1@300"),
        new SlurmResources(null, 0, 0, " ", null, null, null, 5, null).trainingDirectives());
  }

  @Test
  void slurmTimeLimitsReadAsMinutes() {
    assertEquals(90, SlurmResources.minutes("90"));
    assertEquals(30, SlurmResources.minutes("30:59"));
    assertEquals(150, SlurmResources.minutes("2:30:00"));
    assertEquals(24 * 60 + 60, SlurmResources.minutes("1-1"));
    assertEquals(2 * 24 * 60 + 90, SlurmResources.minutes("2-01:30:00"));
    assertThrows(IllegalArgumentException.class, () -> SlurmResources.minutes("1h"));
  }

  @Test
  void mistakesAreNamedWithWhatToChange() {
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> new SlurmResources(null, 0, 0, null, "10:00", null, null, 10, null));
    assertTrue(tooShort.getMessage().contains("raise vgp.timeLimit or lower vgp.signalMinutes"),
        tooShort.getMessage());
    IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
        () -> new SlurmResources(null, 0, 0, null, null, null, null, 10, List.of("exclusive")));
    assertTrue(option.getMessage().contains("e.g. --constraint=a100"), option.getMessage());
  }
}
