package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        "TF_CPP_MIN_LOG_LEVEL", "2"), command.environmentOver(Map.of("PATH", "/bin"), 6));
    // exported by the user before running Maven: kept
    assertEquals(Map.of("TF_CPP_MIN_LOG_LEVEL", "2"), command.environmentOver(
        Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "TF_NUM_INTRAOP_THREADS", "1"), 6));
    // vgp.environmentVariables override everything
    Map<String, String> user = new LinkedHashMap<>();
    user.put("TF_ENABLE_ONEDNN_OPTS", "0");
    user.put("EMPTY", null);
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "TF_NUM_INTRAOP_THREADS", "6", "EMPTY", ""),
        new ChildCommand(Path.of("java"), List.of(), List.of(), user)
            .environmentOver(Map.of(), 6));
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
