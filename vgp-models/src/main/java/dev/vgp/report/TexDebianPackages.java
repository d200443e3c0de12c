package dev.vgp.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What to install on Debian for a missing LaTeX package or class, from the shipped table
 * {@code debian-tex-packages.txt} of common ones; for any other file, how to find its package.
 */
final class TexDebianPackages {

  private static final String TABLE = "debian-tex-packages.txt";
  private static final Map<String, String> PACKAGE_OF_FILE = read();

  private TexDebianPackages() {}

  /** E.g. "on Debian install package texlive-latex-extra" for {@code multirow.sty}. */
  static String installHint(String file) {
    String debianPackage = PACKAGE_OF_FILE.get(file);
    return debianPackage != null ? "on Debian install package " + debianPackage
        : "on Debian find the package that provides it with `apt-file search /" + file + "`";
  }

  /** Lines {@code debian-package: file file ...}; an indented line goes on with the files. */
  private static Map<String, String> read() {
    Map<String, String> packageOfFile = new HashMap<>();
    try (InputStream in = TexDebianPackages.class.getResourceAsStream(TABLE)) {
      if (in == null) throw new IllegalStateException(TABLE + " is missing from the classpath");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String debianPackage = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String files = line;
        if (!Character.isWhitespace(line.charAt(0))) {
          int colon = line.indexOf(':');
          debianPackage = line.substring(0, colon).trim();
          files = line.substring(colon + 1);
        }
        for (String file : files.trim().split("\\s+")) packageOfFile.put(file, debianPackage);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + TABLE, e);
    }
    return Map.copyOf(packageOfFile);
  }
}
