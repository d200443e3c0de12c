package dev.vgp.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** A digest written as "md5:hex" or "sha256:hex", the form vgp logs, stores and compares. */
record Checksum(String algorithm, String hex) {

  /** Parses "md5:...", "sha256:..." or bare hex, whose length tells the algorithm. */
  static Checksum parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    int colon = trimmed.indexOf(':');
    String hex = colon < 0 ? trimmed : trimmed.substring(colon + 1);
    String algorithm = colon >= 0 ? trimmed.substring(0, colon)
        : hex.length() == 32 ? "md5" : hex.length() == 64 ? "sha256" : "";
    int expectedLength = switch (algorithm) {
      case "md5" -> 32;
      case "sha256" -> 64;
      default -> throw new DataException("checksum '" + text + "' is neither md5 nor sha256: "
          + "write it as md5:<32 hex digits> or sha256:<64 hex digits>");
    };
    if (hex.length() != expectedLength || !hex.matches("[0-9a-f]+")) {
      throw new DataException("checksum '" + text + "' is not " + expectedLength
          + " hex digits of " + algorithm);
    }
    return new Checksum(algorithm, hex);
  }

  /** The digest of {@code files} read one after the other, .gz files decompressed. */
  Checksum overContent(List<Path> files) {
    return compute(algorithm, files, true);
  }

  /** The MD5 of one file, as the CIFAR archives are published with. */
  static Checksum md5Of(Path file) {
    return compute("md5", List.of(file), false);
  }

  /** As {@link #overContent}, for when no expected digest says which algorithm to use. */
  static Checksum sha256OfContent(List<Path> files) {
    return compute("sha256", files, true);
  }

  /** The digest of one file as it is on disk (an archive is hashed compressed). */
  Checksum of(Path file) {
    return compute(algorithm, List.of(file), false);
  }

  private static Checksum compute(String algorithm, List<Path> files, boolean decompress) {
    MessageDigest digest = newDigest(algorithm);
    byte[] buffer = new byte[1 << 16];
    for (Path file : files) {
      try (InputStream in = open(file, decompress)) {
        for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
      } catch (IOException e) {
        throw new DataException("could not read " + file + " to verify it: " + e, e);
      }
    }
    return new Checksum(algorithm, HexFormat.of().formatHex(digest.digest()));
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.equals("md5") ? "MD5" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides " + algorithm, e);
    }
  }

  private static InputStream open(Path file, boolean decompress) throws IOException {
    InputStream in = Files.newInputStream(file);
    boolean gzipped = file.getFileName().toString().endsWith(".gz");
    return decompress && gzipped ? new GZIPInputStream(in, 1 << 16) : in;
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
