package dev.vgp.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a directory, each with its size and SHA-256, in {@value #FILE} beside them. Written
 * last and atomically, it vouches for the files it lists: a directory whose files match it is
 * whole, whatever a disk, a copy cut short or a kill did to them since.
 */
public final class DirectoryManifest {

  public static final String FILE = "manifest.json";

  /** One file as the manifest records it. */
  record Entry(String name, long bytes, String sha256) {}

  record Manifest(List<Entry> files) {}

  private DirectoryManifest() {}

  /** Records every file of {@code directory} but the manifest itself (subdirectories aside). */
  public static void write(Path directory) {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.equals(FILE)) continue;
        entries.add(new Entry(name, Files.size(file), sha256(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
    AtomicFiles.writeString(directory.resolve(FILE), Json.write(new Manifest(entries)));
  }

  /**
   * What does not match in {@code directory}, each naming the file: missing, of another size, of
   * other content, or the manifest itself missing or unreadable. Empty when the directory is whole.
   */
  public static List<String> problems(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of("it has no " + FILE + " to verify it by (written by a vgp without"
          + " checksums, or not whole)");
    }
    Manifest manifest;
    try {
      manifest = Json.read(Files.readString(file), Manifest.class);
    } catch (IOException | RuntimeException e) {
      return List.of(FILE + " is unreadable (" + e.getMessage() + ")");
    }
    List<String> problems = new ArrayList<>();
    for (Entry entry : manifest.files()) {
      Path listed = directory.resolve(entry.name());
      try {
        if (!Files.isRegularFile(listed)) {
          problems.add(entry.name() + " is missing");
          continue;
        }
        long bytes = Files.size(listed);
        if (bytes != entry.bytes()) {
          problems.add(entry.name() + " has " + bytes + " bytes where " + FILE + " records "
              + entry.bytes() + (bytes < entry.bytes() ? " (cut short)" : ""));
        } else if (!sha256(listed).equals(entry.sha256())) {
          problems.add(entry.name() + " does not match its SHA-256 in " + FILE
              + " (its content changed)");
        }
      } catch (IOException e) {
        problems.add(entry.name() + " is unreadable (" + e.getMessage() + ")");
      }
    }
    return problems;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
