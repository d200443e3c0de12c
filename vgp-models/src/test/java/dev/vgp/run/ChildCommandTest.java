package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildCommandTest {

  private final ChildCommand command = new ChildCommand(Path.of("/jdk/bin/java"),
      List.of("-Xmx8g"), List.of(Path.of("/m2/vgp-maven-plugin.jar"), Path.of("/m2/tf.jar")),
      Map.of("TF_CPP_MIN_LOG_LEVEL", "2"));

  @Test
  void theChildRunsChildMainFromTheClasspath() {
    assertEquals(List.of("/jdk/bin/java", "-Xmx8g", "-cp", "/m2/vgp-maven-plugin.jar:/m2/tf.jar",
        "dev.vgp.run.ChildMain", "train", "/r/plan.json"),
        command.command(List.of("train", "/r/plan.json")));
  }

  @Test
  void oneDnnAndThreadsAreSetUnlessTheEnvironmentOrTheUserSetsThem() {
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TF_NUM_INTRAOP_THREADS", "6",
        "TF_CPP_MIN_LOG_LEVEL", "2"), command.environmentOver(Map.of("PATH", "/bin"), 6,
        ChildCommand.Share.ALONE));
    // exported by the user before running Maven: kept
    assertEquals(Map.of("TF_CPP_MIN_LOG_LEVEL", "2"), command.environmentOver(
        Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "TF_NUM_INTRAOP_THREADS", "1"), 6,
        ChildCommand.Share.ALONE));
    // vgp.environmentVariables override everything
    Map<String, String> user = new LinkedHashMap<>();
    user.put("TF_ENABLE_ONEDNN_OPTS", "0");
    user.put("EMPTY", null);
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "TF_NUM_INTRAOP_THREADS", "6", "EMPTY", ""),
        new ChildCommand(Path.of("java"), List.of(), List.of(), user)
            .environmentOver(Map.of(), 6, ChildCommand.Share.ALONE));
  }

  /**
   * Of several processes at once, each gets its share of the cores for both of TensorFlow's
   * thread pools, and the GPU's memory as it needs it; what the user set is kept.
   */
  @Test
  void severalProcessesShareTheCoresAndTheGpu() {
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TF_NUM_INTRAOP_THREADS", "3",
        "TF_NUM_INTEROP_THREADS", "3", "TF_FORCE_GPU_ALLOW_GROWTH", "true",
        "TF_CPP_MIN_LOG_LEVEL", "2"),
        command.environmentOver(Map.of(), 7, new ChildCommand.Share(1, 2)));
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TF_NUM_INTEROP_THREADS", "4",
        "TF_CPP_MIN_LOG_LEVEL", "2"), command.environmentOver(Map.of("TF_NUM_INTRAOP_THREADS", "1",
        "TF_FORCE_GPU_ALLOW_GROWTH", "false"), 7, new ChildCommand.Share(0, 2)));
    Map<String, String> user = Map.of("TF_NUM_INTRAOP_THREADS", "2");
    assertEquals("2", new ChildCommand(Path.of("java"), List.of(), List.of(), user)
        .environmentOver(Map.of(), 7, new ChildCommand.Share(0, 2)).get("TF_NUM_INTRAOP_THREADS"));
  }

  /** An equal share of the cores, the remainder one each to the first, never none. */
  @Test
  void theCoresAreSplitBetweenTheProcesses() {
    assertEquals(8, ChildCommand.Share.ALONE.cores(8));
    assertEquals(List.of(4, 4), shares(8, 2));
    assertEquals(List.of(3, 2, 2), shares(7, 3));
    assertEquals(List.of(1, 1), shares(2, 2));
    assertEquals(List.of(1, 1, 1), shares(2, 3));
    assertThrows(IllegalArgumentException.class, () -> new ChildCommand.Share(2, 2));
    assertThrows(IllegalArgumentException.class, () -> new ChildCommand.Share(0, 0));
  }

  /** 0 (the default) is one process per core; never more processes than experiments. */
  @Test
  void howManyProcessesFollowsTheCoresAndTheExperiments() {
    assertEquals(2, ChildCommand.Share.processes(0, 2, 7));
    assertEquals(7, ChildCommand.Share.processes(0, 64, 7));
    assertEquals(1, ChildCommand.Share.processes(0, 8, 1));
    assertEquals(1, ChildCommand.Share.processes(0, 1, 7));
    assertEquals(3, ChildCommand.Share.processes(3, 2, 7));
    assertEquals(2, ChildCommand.Share.processes(4, 8, 2));
    assertEquals(1, ChildCommand.Share.processes(1, 8, 7));
    assertEquals(1, ChildCommand.Share.processes(0, 8, 0));
    assertThrows(IllegalArgumentException.class, () -> ChildCommand.Share.processes(-1, 2, 7));
  }

  private static List<Integer> shares(int cores, int processes) {
    return IntStream.range(0, processes)
        .mapToObj(index -> new ChildCommand.Share(index, processes).cores(cores)).toList();
  }

  @Test
  void jvmArgsSplitAsAShellWould() {
    assertEquals(List.of("-Xmx8g", "-Dname=a b", "-Dq=it's"),
        ChildCommand.splitArguments("  -Xmx8g \"-Dname=a b\"\t-Dq=it\"'\"s "));
    assertEquals(List.of(""), ChildCommand.splitArguments("''"));
    assertEquals(List.of(), ChildCommand.splitArguments(null));
    assertThrows(IllegalArgumentException.class, () -> ChildCommand.splitArguments("-D\"a"));
  }

  @Test
  void theLaunchScriptRunsTheSameCommandWithoutMaven(@TempDir Path dir) throws Exception {
    ChildCommand echo = new ChildCommand(Path.of("/bin/echo"), List.of("it's"), List.of(),
        Map.of("GREETING", "a 'quoted' $value"));
    String script = echo.launchScript(List.of("train", "/r/plan.json"), "Trains x.");
    assertTrue(script.startsWith("#!/bin/sh\n# Trains x.\n"), script);
    Path file = dir.resolve("launch.sh");
    Files.writeString(file, script.replace("exec ", "echo \"$GREETING $TF_ENABLE_ONEDNN_OPTS"
        + " $TF_NUM_INTRAOP_THREADS\"; exec "));
    Process process = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
    assertEquals("a 'quoted' $value 1 " + Runtime.getRuntime().availableProcessors() + "\n"
        + "it's -cp  dev.vgp.run.ChildMain train /r/plan.json\n", output);
  }
}
