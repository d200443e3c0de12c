package dev.vgp.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files so that a reader never sees half of one: write a temporary sibling, then rename it
 * over the target. An interrupted run leaves at most a stray {@code .tmp} file behind.
 */
public final class AtomicFiles {

  /** Writes the content of a file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer out) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path target, Content content) {
    write(target, content, "rw-r--r--");
  }

  /** A shell script, executable by all (rwxr-xr-x) from the moment it has its name. */
  public static void writeScript(Path target, String text) {
    write(target, out -> out.write(text), "rwxr-xr-x");
  }

  /** A binary file (a TensorBoard events file), rw-r--r--. */
  public static void writeBytes(Path target, byte[] bytes) {
    fillAndMove(target, tmp -> Files.write(tmp, bytes), "rw-r--r--");
  }

  private static void write(Path target, Content content, String permissions) {
    fillAndMove(target, tmp -> {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        content.writeTo(out);
      }
    }, permissions);
  }

  private interface Filling {
    void fill(Path tmp) throws IOException;
  }

  private static void fillAndMove(Path target, Filling filling, String permissions) {
    try {
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      setPermissions(tmp, permissions);
      try {
        filling.fill(tmp);
        moveIntoPlace(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    }
  }

  public static void writeString(Path target, String text) {
    write(target, out -> out.write(text));
  }

  /**
   * Temporary files are created owner-only; results and reports are meant to be shared (a web
   * server, a colleague), so give them the usual rw-r--r-- (scripts rwxr-xr-x) before they take
   * the target's place.
   */
  private static void setPermissions(Path file, String permissions) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }
  }

  /** Deletes a file or a directory tree; a path that does not exist is left as it is. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }

  /** Renames {@code source} over {@code target} atomically where the file system allows it. */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
