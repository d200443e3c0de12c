package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {

  private static final String MD5 = "03b5dce01913d631647c71ecec9e9cb8";
  private static final String SHA256 =
      "14410854cf7a289477dcfc7df3f8ec24741e281cdcc425ede0d9a748ca630214";

  @TempDir Path temp;

  @Test
  void prefixedAndBareHexParseToTheSameChecksum() {
    assertEquals(Checksum.parse("md5:" + MD5), Checksum.parse(MD5.toUpperCase()));
    assertEquals("sha256:" + SHA256, Checksum.parse(" SHA256:" + SHA256 + " ").toString());
    assertEquals("sha256", Checksum.parse(SHA256).algorithm());
  }

  @Test
  void malformedChecksumsSayHowToWriteThem() {
    DataException unknown = assertThrows(DataException.class, () -> Checksum.parse("abc123"));
    assertTrue(unknown.getMessage().contains("md5:<32 hex digits>"), unknown.getMessage());
    DataException sha1 = assertThrows(DataException.class, () -> Checksum.parse("sha1:" + MD5));
    assertTrue(sha1.getMessage().contains("neither md5 nor sha256"), sha1.getMessage());
    DataException shortHex = assertThrows(DataException.class,
        () -> Checksum.parse("md5:" + MD5.substring(1)));
    assertTrue(shortHex.getMessage().contains("not 32 hex digits of md5"), shortHex.getMessage());
  }

  @Test
  void contentDigestReadsGzipFilesDecompressedAndArchivesAsTheyAre() throws IOException {
    Path plain = temp.resolve("a.bin");
    Files.writeString(plain, "hello ");
    Path gzipped = temp.resolve("b.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      out.write("world".getBytes(StandardCharsets.US_ASCII));
    }
    Path joined = temp.resolve("joined.bin");
    Files.writeString(joined, "hello world");

    assertEquals(Checksum.sha256OfContent(List.of(joined)),
        Checksum.sha256OfContent(List.of(plain, gzipped)));
    assertEquals("md5:5eb63bbbe01eeed093cb22bb8f5acdc3", Checksum.md5Of(joined).toString());
  }
}
