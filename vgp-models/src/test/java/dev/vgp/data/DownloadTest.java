package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.LoopbackServer.Behaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {

  @TempDir Path temp;

  /**
   * A server that stops sending would hang the build without a read timeout (which
   * java.net.http.HttpClient lacks; the download keeps HttpURLConnection's).
   */
  @Test
  void aTransferThatFallsSilentIsGivenUpAndResumedFromTheBytesKept() throws IOException {
    byte[] content = new byte[200_000];
    new Random(1).nextBytes(content);
    List<String> log = new ArrayList<>();
    Path part = temp.resolve("file.part");
    try (LoopbackServer server = new LoopbackServer()) {
      server.serve("/file", content);
      server.script(Behaviour.STALL_HALFWAY);

      new Download(Duration.ZERO, Duration.ofMillis(500)).into(server.uri("/file"), List.of(),
          part, FetchListener.of(log::add));

      assertArrayEquals(content, Files.readAllBytes(part));
      assertEquals(List.of("GET /file", "GET /file bytes=100000-"), server.requests());
      assertTrue(log.contains("download broke off (Read timed out); retrying with 100000 bytes "
          + "kept, attempt 2 of 3"), log.toString());
    }
  }
}
