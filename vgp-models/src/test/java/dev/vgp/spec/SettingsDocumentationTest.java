package dev.vgp.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/plugin.md's settings table is the declaration's: every setting, its default, its text. */
class SettingsDocumentationTest {

  @Test
  void theSettingsTableIsTheDeclarations() throws IOException {
    List<String> documented = Files.readAllLines(Path.of("../docs/plugin.md")).stream()
        .filter(line -> line.matches("\\| `[a-zA-Z0-9]+` \\| `[^`]*` \\|.*")).toList();
    List<String> declared = Settings.all().stream()
        .map(d -> "| `" + d.name() + "` | `" + Settings.text(d.referenceValue()) + "` | "
            + d.documentation() + (d.range().isEmpty() ? "" : " In " + d.range() + ".") + " |")
        .toList();
    assertEquals(String.join("\n", declared), String.join("\n", documented),
        "docs/plugin.md's settings table must list the settings as declared (@Setting)");
  }
}
