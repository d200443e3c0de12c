package dev.vgp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalCommandTest {

  @TempDir Path dir;

  @Test
  void aFinishedCommandGivesItsExitCodeAndBothOutputs() {
    ExternalCommand.Result result = ExternalCommand.of(List.of("sh", "-c",
        "echo out; echo err >&2; echo \"$GREETING\"; exit 3"), Duration.ofSeconds(30))
        .withEnvironment(Map.of("GREETING", "hello")).run();
    assertEquals(3, result.exitCode());
    assertEquals("out\nhello\n", result.stdout());
    assertEquals("err\n", result.stderr());
  }

  @Test
  void aCommandThatHangsWithItsOutputOpenIsStoppedAndNamed() {
    // what a hung squeue does: prints a little, keeps stdout open, never exits
    ExternalCommand hung = ExternalCommand.of(List.of("sh", "-c", "echo started; exec sleep 600"),
        Duration.ofSeconds(1));
    ExternalCommand.TimedOutException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(ExternalCommand.TimedOutException.class, hung::run));
    assertEquals("sh did not finish within 1 s and was stopped (sh -c echo started; exec sleep "
        + "600)", e.getMessage());
  }

  @Test
  void aChildLeftHoldingTheOutputDoesNotHoldTheCaller() {
    // the tool exits but a process it started keeps the pipe: its output is no longer waited for
    ExternalCommand.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> ExternalCommand.of(List.of("sh", "-c", "sleep 600 & echo left"),
            Duration.ofSeconds(30)).run());
    assertEquals(0, result.exitCode());
    assertTrue(result.stdout().startsWith("left"), result.stdout());
  }

  @Test
  void toolsAreFoundOnTheSearchPathInItsOrder() throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    Path tool = executable(second.resolve("tool"));
    executable(Files.createDirectories(dir.resolve("third")).resolve("tool"));
    Files.writeString(first.resolve("tool"), "not executable");
    assertEquals(tool, ExternalCommand.onPath(first + ":" + second + ":" + dir.resolve("third"),
        "tool").orElseThrow());
    assertTrue(ExternalCommand.onPath(first.toString(), "tool").isEmpty());
    assertTrue(ExternalCommand.onPath(null, "tool").isEmpty());
  }

  static Path executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
