package dev.vgp.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDirectoriesTest {

  @TempDir Path dir;

  private Path results(String path) throws Exception {
    Path root = Files.createDirectories(dir.resolve(path));
    Files.writeString(root.resolve("experiment.json"), "{}");
    return root;
  }

  @Test
  void resultsDirectoriesStandForThemselvesAndOthersForTheResultsInside() throws Exception {
    Path single = results("gpu-box/vgg38-bn-rc-1e-2");
    Path b = results("cpu-box/vgp/b");
    Path a = results("cpu-box/vgp/a");
    results("cpu-box/vgp/.replaced/a-0123456789ab/inner"); // set aside: not a direct child
    Files.createDirectories(dir.resolve("cpu-box/vgp/no-results"));

    assertEquals(List.of(single, a, b),
        ResultsDirectories.expand(List.of(single, dir.resolve("cpu-box/vgp"))));
  }

  @Test
  void entriesWithoutResultsAreAllNamed() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> ResultsDirectories.expand(List.of(dir.resolve("missing"), dir)));
    assertEquals("no experiment results (experiment.json) in " + dir.resolve("missing") + ", "
        + dir + " nor in their subdirectories", failure.getMessage());
  }
}
