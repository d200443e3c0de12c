package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarArchiveTest {

  @TempDir Path temp;

  @Test
  void writtenArchiveUnpacksToTheSameFiles() throws IOException {
    Path tarGz = temp.resolve("a.tar.gz");
    byte[] big = new byte[1500];
    for (int i = 0; i < big.length; i++) big[i] = (byte) i;
    try (TarGzWriter tar = new TarGzWriter(tarGz)) {
      tar.file("root/big.bin", big);
      tar.file("root/sub/empty.txt", new byte[0]);
    }

    int files = TarArchive.extract(tarGz, temp.resolve("out"), FetchListener.SILENT);

    assertEquals(2, files);
    assertArrayEquals(big, Files.readAllBytes(temp.resolve("out/root/big.bin")));
    assertEquals(0, Files.size(temp.resolve("out/root/sub/empty.txt")));
  }

  @Test
  void systemTarReadsOurArchives() throws Exception {
    Path tarGz = temp.resolve("a.tar.gz");
    try (TarGzWriter tar = new TarGzWriter(tarGz)) {
      tar.file("dir/hello.txt", "hello\n".getBytes(StandardCharsets.US_ASCII));
    }
    Process tar = new ProcessBuilder("tar", "-tzf", tarGz.toString()).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, tar.waitFor());
    assertEquals("dir/hello.txt\n", listing);
  }

  @Test
  void archivesMadeBySystemTarUnpack() throws Exception {
    Path source = temp.resolve("source/cifar-100-binary");
    Files.createDirectories(source);
    Files.write(source.resolve("train.bin"), new byte[3074 * 3]);
    Files.writeString(source.resolve("fine_label_names.txt"), "apple\n");
    Path tarGz = temp.resolve("system.tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", tarGz.toString(), "-C",
        temp.resolve("source").toString(), "cifar-100-binary").start();
    assertEquals(0, tar.waitFor());

    int files = TarArchive.extract(tarGz, temp.resolve("out"), FetchListener.SILENT);

    assertEquals(2, files);
    assertEquals(3074 * 3, Files.size(temp.resolve("out/cifar-100-binary/train.bin")));
    assertEquals("apple\n",
        Files.readString(temp.resolve("out/cifar-100-binary/fine_label_names.txt")));
  }

  @Test
  void entryEscapingTheTargetIsRefused() throws IOException {
    Path tarGz = temp.resolve("evil.tar.gz");
    try (TarGzWriter tar = new TarGzWriter(tarGz)) {
      tar.file("../escaped.txt", new byte[] {1});
    }

    DataException e = assertThrows(DataException.class,
        () -> TarArchive.extract(tarGz, temp.resolve("out"), FetchListener.SILENT));

    assertTrue(e.getMessage().contains("would land outside"), e.getMessage());
    assertFalse(Files.exists(temp.resolve("escaped.txt")));
  }

  @Test
  void aLinkIsSkippedSoNothingUnpackedCanPointOutside() throws Exception {
    Path source = temp.resolve("source/root");
    Files.createDirectories(source);
    Files.writeString(source.resolve("kept.txt"), "kept\n");
    Files.createSymbolicLink(source.resolve("escape"), temp);
    Path tarGz = temp.resolve("links.tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", tarGz.toString(), "-C",
        temp.resolve("source").toString(), "root").start();
    assertEquals(0, tar.waitFor());
    List<String> log = new ArrayList<>();

    int files = TarArchive.extract(tarGz, temp.resolve("out"), FetchListener.of(log::add));

    assertEquals(1, files);
    assertFalse(Files.exists(temp.resolve("out/root/escape"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of("skipping tar entry 'root/escape', which is not a regular file"), log);
  }

  @Test
  void aMalformedHeaderNamesTheArchive() throws IOException {
    Path tarGz = temp.resolve("garbled.tar.gz");
    byte[] header = new byte[512];
    header[0] = 'x';
    System.arraycopy("12z4".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, header, 124,
        4);
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tarGz))) {
      out.write(header);
    }

    DataException e = assertThrows(DataException.class,
        () -> TarArchive.extract(tarGz, temp.resolve("out"), FetchListener.SILENT));

    assertTrue(e.getMessage().startsWith("could not unpack " + tarGz + " ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("it is corrupt or not a .tar.gz archive"), e.getMessage());
  }
}
