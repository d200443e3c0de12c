package dev.vgp.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a .tar.gz (commons-compress reads it). Only regular files are written; directories are
 * implied by the files' paths, and links or special entries are skipped (the CIFAR archives hold
 * none), so nothing an archive holds can point outside the target.
 */
final class TarArchive {

  private TarArchive() {}

  /**
   * Unpacks the regular files of {@code tarGz} under {@code target}, which the caller swaps into
   * place once complete.
   *
   * @return the number of files written
   * @throws DataException on a truncated or malformed archive, or an entry whose path would land
   *     outside {@code target}
   */
  static int extract(Path tarGz, Path target, FetchListener listener) {
    Path root = target.toAbsolutePath().normalize();
    int files = 0;
    try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(
        new BufferedInputStream(Files.newInputStream(tarGz), 1 << 16)))) {
      for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
        String name = entry.getName();
        // not entry.isFile(), which is true of links and devices too
        byte type = entry.getLinkFlag();
        if (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM) {
          Path file = root.resolve(name).normalize();
          if (!file.startsWith(root) || file.equals(root) || Path.of(name).isAbsolute()) {
            throw new DataException("archive " + tarGz + " holds an entry '" + name
                + "' that would land outside " + root + "; refusing to unpack it");
          }
          Files.createDirectories(file.getParent());
          Files.copy(in, file);
          files++;
        } else if (!entry.isDirectory()) {
          listener.info("skipping tar entry '" + name + "', which is not a regular file");
        }
      }
    } catch (EOFException e) {
      throw new DataException("archive " + tarGz + " ends early: it is truncated; delete it and "
          + "fetch it again", e);
    } catch (IOException e) {
      throw new DataException("could not unpack " + tarGz + " (" + e.getMessage() + "): it is "
          + "corrupt or not a .tar.gz archive", e);
    }
    return files;
  }
}
