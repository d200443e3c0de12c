package dev.vgp.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a .tar.gz of regular files, byte-identical for the same entries: times are 0 and no
 * user or group is recorded.
 */
final class TarGzWriter implements AutoCloseable {

  private final TarArchiveOutputStream tar;

  TarGzWriter(Path tarGz) throws IOException {
    GzipParameters gzip = new GzipParameters();
    // Fastest compression: synthetic images are mostly noise, which no level shrinks much.
    gzip.setCompressionLevel(Deflater.BEST_SPEED);
    tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(
        new BufferedOutputStream(Files.newOutputStream(tarGz), 1 << 16), gzip));
  }

  void file(String name, byte[] content) throws IOException {
    beginFile(name, content.length);
    write(content, 0, content.length);
    endFile();
  }

  /** Starts an entry of {@code size} bytes, for content written piecewise with {@link #write}. */
  void beginFile(String name, long size) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setModTime(0);
    entry.setUserName("");
    entry.setGroupName("");
    tar.putArchiveEntry(entry);
  }

  void write(byte[] bytes, int offset, int length) throws IOException {
    tar.write(bytes, offset, length);
  }

  void endFile() throws IOException {
    tar.closeArchiveEntry();
  }

  /** Writes the end-of-archive marker and closes the file. */
  @Override
  public void close() throws IOException {
    tar.close();
  }
}
