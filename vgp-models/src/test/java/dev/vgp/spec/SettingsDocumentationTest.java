package dev.vgp.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/plugin.md's settings table lists every declared setting with its default. */
class SettingsDocumentationTest {

  @Test
  void everySettingIsDocumentedWithItsDefault() throws IOException {
    List<String> rows = Files.readAllLines(Path.of("../docs/plugin.md")).stream()
        .filter(line -> line.startsWith("| `")).toList();
    for (Settings.Declaration d : Settings.all()) {
      String row = "| `" + d.name() + "` | `" + Settings.text(d.referenceValue()) + "` |";
      assertTrue(rows.stream().anyMatch(r -> r.startsWith(row)),
          "docs/plugin.md lacks a row starting " + row);
    }
    assertEquals(Settings.all().size() + 1, rows.stream()
        .filter(r -> r.matches("\\| `[a-zA-Z]+` \\| (`[^`]*`|—) \\|.*")).count(),
        "one row per setting, and one for model");
  }
}
