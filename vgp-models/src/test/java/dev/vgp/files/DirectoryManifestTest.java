package dev.vgp.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a manifest notices: each kind of damage, named by its file. */
class DirectoryManifestTest {

  @TempDir Path dir;

  private Path written() throws IOException {
    Files.write(dir.resolve("model.data-00000-of-00001"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Files.writeString(dir.resolve("state.json"), "{\"epoch\": 1}");
    Files.createDirectories(dir.resolve("sub"));
    DirectoryManifest.write(dir);
    return dir.resolve("model.data-00000-of-00001");
  }

  @Test
  void aWholeDirectoryHasNoProblemsAndFilesAddedLaterAreNotItsConcern() throws IOException {
    written();
    Files.writeString(dir.resolve("added-later.txt"), "x");
    assertEquals(List.of(), DirectoryManifest.problems(dir));
  }

  @Test
  void aFileCutShortIsNamedWithBothSizes() throws IOException {
    try (FileChannel data = FileChannel.open(written(), StandardOpenOption.WRITE)) {
      data.truncate(4);
    }
    assertEquals(List.of("model.data-00000-of-00001 has 4 bytes where manifest.json records 8"
        + " (cut short)"), DirectoryManifest.problems(dir));
  }

  @Test
  void aFlippedByteIsNamed() throws IOException {
    Path data = written();
    byte[] bytes = Files.readAllBytes(data);
    bytes[5] ^= 0x10;
    Files.write(data, bytes);
    assertEquals(List.of("model.data-00000-of-00001 does not match its SHA-256 in manifest.json"
        + " (its content changed)"), DirectoryManifest.problems(dir));
  }

  @Test
  void aMissingFileOrManifestIsNamed() throws IOException {
    Files.delete(written());
    Files.delete(dir.resolve("state.json"));
    assertEquals(List.of("model.data-00000-of-00001 is missing", "state.json is missing"),
        DirectoryManifest.problems(dir));
    Files.delete(dir.resolve(DirectoryManifest.FILE));
    assertEquals(List.of("it has no manifest.json to verify it by (written by a vgp without"
        + " checksums, or not whole)"), DirectoryManifest.problems(dir));
  }

  @Test
  void aManifestCutShortIsUnreadable() throws IOException {
    written();
    Path manifest = dir.resolve(DirectoryManifest.FILE);
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.substring(0, text.length() / 2));
    List<String> problems = DirectoryManifest.problems(dir);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(true, problems.get(0).startsWith("manifest.json is unreadable ("),
        problems.get(0));
  }
}
