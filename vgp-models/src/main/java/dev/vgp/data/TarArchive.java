package dev.vgp.data;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Just enough of the tar format (POSIX ustar, 512-byte blocks) to unpack the CIFAR archives and
 * write synthetic ones, so that vgp needs no compression library. Only regular files are
 * unpacked; directories are implied by the files' paths, and links or special entries are skipped
 * (the CIFAR archives hold none).
 */
final class TarArchive {

  private static final int BLOCK = 512;

  private TarArchive() {}

  /**
   * Unpacks the regular files of {@code tarGz} under {@code target}.
   *
   * @return the number of files written
   * @throws DataException on a truncated or malformed archive, or an entry whose path would land
   *     outside {@code target}
   */
  static int extract(Path tarGz, Path target, FetchListener listener) {
    Path root = target.toAbsolutePath().normalize();
    int files = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz), 1 << 16)) {
      byte[] header = new byte[BLOCK];
      for (readBlock(in, header); !isZero(header); readBlock(in, header)) {
        String name = entryName(header);
        long size = octal(header, 124, 12, tarGz);
        char type = (char) header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == '0' || type == '\0') {
          Path file = root.resolve(name).normalize();
          if (!file.startsWith(root) || file.equals(root) || Path.of(name).isAbsolute()) {
            throw new DataException("archive " + tarGz + " holds an entry '" + name
                + "' that would land outside " + root + "; refusing to unpack it");
          }
          Files.createDirectories(file.getParent());
          try (OutputStream out = Files.newOutputStream(file)) {
            copy(in, out, size);
          }
          skip(in, padded - size);
          files++;
        } else {
          if (type != '5') listener.info("skipping tar entry '" + name + "' of type " + type);
          skip(in, padded);
        }
      }
    } catch (EOFException e) {
      throw new DataException("archive " + tarGz + " ends early: it is truncated; delete it and "
          + "fetch it again", e);
    } catch (IOException e) {
      throw new DataException("could not unpack " + tarGz + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** Writes a .tar.gz of regular files; byte-identical for the same entries (mtimes are 0). */
  static final class Writer implements AutoCloseable {
    private final OutputStream out;
    private long entrySize;
    private long entryWritten;

    Writer(Path tarGz) throws IOException {
      // Fastest compression: synthetic images are mostly noise, which no level shrinks much.
      out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(tarGz), 1 << 16),
          1 << 16) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
    }

    void file(String name, byte[] content) throws IOException {
      beginFile(name, content.length);
      write(content, 0, content.length);
      endFile();
    }

    /** Starts an entry of {@code size} bytes, for content written piecewise with {@link #write}. */
    void beginFile(String name, long size) throws IOException {
      byte[] header = new byte[BLOCK];
      byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
      if (nameBytes.length > 100) throw new IllegalArgumentException("name too long: " + name);
      System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
      putOctal(header, 100, 8, 0644);
      putOctal(header, 108, 8, 0);
      putOctal(header, 116, 8, 0);
      putOctal(header, 124, 12, size);
      putOctal(header, 136, 12, 0);
      header[156] = '0';
      System.arraycopy("ustar\00000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
      // The header checksum is the byte sum with its own field counted as spaces.
      Arrays.fill(header, 148, 156, (byte) ' ');
      long sum = 0;
      for (byte b : header) sum += b & 0xff;
      putOctal(header, 148, 8, sum);
      out.write(header);
      entrySize = size;
      entryWritten = 0;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
      if (entryWritten + length > entrySize) {
        throw new IllegalStateException("entry is longer than its declared " + entrySize);
      }
      out.write(bytes, offset, length);
      entryWritten += length;
    }

    void endFile() throws IOException {
      if (entryWritten != entrySize) {
        throw new IllegalStateException((entrySize - entryWritten) + " bytes of the entry missing");
      }
      out.write(new byte[(int) ((BLOCK - entrySize % BLOCK) % BLOCK)]);
    }

    /** Writes the end-of-archive marker (two zero blocks) and closes the file. */
    @Override
    public void close() throws IOException {
      out.write(new byte[2 * BLOCK]);
      out.close();
    }
  }

  private static String entryName(byte[] header) {
    String name = text(header, 0, 100);
    String magic = text(header, 257, 6);
    // Only POSIX ustar ("ustar" NUL) has a name prefix; old GNU tar ("ustar ") keeps times there.
    String prefix = magic.equals("ustar") ? text(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) end++;
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length, Path tarGz) {
    String digits = text(header, offset, length).trim();
    if (!digits.matches("[0-7]+")) {
      throw new DataException("malformed tar header in " + tarGz + " (size field '" + digits
          + "'): the archive is corrupt or not a tar archive");
    }
    return Long.parseLong(digits, 8);
  }

  private static void putOctal(byte[] header, int offset, int length, long value) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
  }

  /** Reads one block; an archive must end with its zero blocks, so running out is truncation. */
  private static void readBlock(InputStream in, byte[] block) throws IOException {
    if (in.readNBytes(block, 0, BLOCK) < BLOCK) throw new EOFException("tar stream ends early");
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) if (b != 0) return false;
    return true;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (long left = size; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) throw new EOFException("tar entry cut short");
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    in.skipNBytes(bytes);
  }
}
