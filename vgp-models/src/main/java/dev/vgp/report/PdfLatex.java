package dev.vgp.report;

import dev.vgp.command.ExternalCommand;
import dev.vgp.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles a report.tex into the PDF next to it with pdflatex (one run, in the file's directory,
 * where its figures/ are). When it cannot, it says why in a sentence instead of pdflatex's log: a
 * LaTeX package or class the file loads that is not installed, named with the Debian package that
 * provides it (looked up with kpsewhich before pdflatex starts, which takes milliseconds where
 * pdflatex would stop half way); otherwise pdflatex's first error and where its log is.
 */
public final class PdfLatex {

  /** The Debian packages that bring pdflatex and everything the shipped report.tex loads. */
  public static final String DEBIAN_PACKAGES =
      "texlive-latex-recommended texlive-pictures lmodern";

  /** pdflatex on the report takes seconds; a run this long is stuck. */
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  /** kpsewhich answers in milliseconds. */
  private static final Duration LOOKUP_TIMEOUT = Duration.ofMinutes(1);
  /** usepackage[options]{a,b}, RequirePackage{a}, documentclass{c}, each after a backslash. */
  private static final Pattern LOADS = Pattern.compile(
      "\\\\(usepackage|RequirePackage|documentclass)\\s*(?:\\[[^\\]]*\\])?\\s*\\{([^}]*)\\}");
  private static final Pattern COMMENT = Pattern.compile("(?<!\\\\)%.*");
  /** How pdflatex reports a file that a loaded package or class loads in turn. */
  private static final Pattern FILE_NOT_FOUND =
      Pattern.compile("^! LaTeX Error: File `([^']+\\.(?:sty|cls))' not found\\.");

  private final Path pdflatex;
  private final Path kpsewhich;
  private final Duration timeout;
  private final Duration lookupTimeout;

  PdfLatex(Path pdflatex, Path kpsewhich) {
    this(pdflatex, kpsewhich, TIMEOUT, LOOKUP_TIMEOUT);
  }

  /** With other timeouts for pdflatex and for kpsewhich: tests of a hung tool. */
  PdfLatex(Path pdflatex, Path kpsewhich, Duration timeout, Duration lookupTimeout) {
    this.pdflatex = pdflatex;
    this.kpsewhich = kpsewhich;
    this.timeout = timeout;
    this.lookupTimeout = lookupTimeout;
  }

  /** pdflatex and kpsewhich (every TeX distribution ships both) on the PATH, if installed. */
  public static Optional<PdfLatex> onPath() {
    return find(System.getenv().getOrDefault("PATH", ""));
  }

  /** pdflatex and kpsewhich in the directories of a PATH-like search path. */
  static Optional<PdfLatex> find(String searchPath) {
    Optional<Path> pdflatex = ExternalCommand.onPath(searchPath, "pdflatex");
    Optional<Path> kpsewhich = ExternalCommand.onPath(searchPath, "kpsewhich");
    return pdflatex.isPresent() && kpsewhich.isPresent()
        ? Optional.of(new PdfLatex(pdflatex.get(), kpsewhich.get())) : Optional.empty();
  }

  /** The line to log when there is no pdflatex to compile with. */
  public static String notInstalled() {
    return "report.pdf skipped: pdflatex is not on the PATH (on Debian: apt-get install "
        + DEBIAN_PACKAGES + ")";
  }

  /**
   * Compiles {@code tex} into the PDF of the same name beside it, replacing an earlier one, and
   * leaves pdflatex's log beside it too. When compiling fails, no PDF is left: one from an earlier
   * run would disagree with the report just written.
   *
   * @return the PDF
   * @throws LatexException naming each missing LaTeX package with its Debian package, or giving
   *     pdflatex's first error and the path of its log
   */
  public Path compile(Path tex) {
    Path directory = tex.toAbsolutePath().getParent();
    String name = tex.getFileName().toString();
    String stem = name.replaceFirst("\\.tex$", "");
    Path pdf = directory.resolve(stem + ".pdf");
    Path log = directory.resolve(stem + ".log");
    try {
      Files.deleteIfExists(pdf);
      List<String> missing = missingFiles(tex);
      if (!missing.isEmpty()) {
        throw new LatexException(missing.stream().map(file -> needs(name, file))
            .collect(Collectors.joining("\n")));
      }
      // pdflatex writes into a scratch directory: report.pdf appears whole or not at all.
      Path scratch = Files.createTempDirectory(directory, ".pdflatex");
      try {
        // Long lines unbroken in the log, so an error line quoted from it is whole; nonstopmode
        // never asks, and nothing could answer.
        ExternalCommand run = ExternalCommand.of(List.of(pdflatex.toString(),
                "-interaction=nonstopmode", "-halt-on-error", "-output-directory=" + scratch,
                name), timeout).in(directory).withEnvironment(Map.of("max_print_line", "10000"));
        ExternalCommand.Result result;
        Path scratchLog = scratch.resolve(stem + ".log");
        try {
          result = run.run();
        } catch (ExternalCommand.TimedOutException e) {
          if (Files.exists(scratchLog)) AtomicFiles.moveIntoPlace(scratchLog, log);
          throw new LatexException("pdflatex did not compile " + name + ": " + e.getMessage()
              + "; its log so far is " + log);
        }
        if (Files.exists(scratchLog)) AtomicFiles.moveIntoPlace(scratchLog, log);
        Path scratchPdf = scratch.resolve(stem + ".pdf");
        if (result.exitCode() == 0 && Files.exists(scratchPdf)) {
          AtomicFiles.moveIntoPlace(scratchPdf, pdf);
          return pdf;
        }
        throw new LatexException(failure(name, result.exitCode(), log));
      } finally {
        AtomicFiles.deleteTree(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not compile " + tex + ": " + e.getMessage(), e);
    }
  }

  /** The .sty and .cls files {@code tex} loads that kpsewhich does not find, in order. */
  List<String> missingFiles(Path tex) throws IOException {
    Set<String> loaded = loadedFiles(Files.readString(tex));
    if (loaded.isEmpty()) return List.of();
    List<String> command = new ArrayList<>(List.of(kpsewhich.toString()));
    command.addAll(loaded);
    // kpsewhich prints the path of each file it finds, nothing for the others.
    ExternalCommand.Result result;
    try {
      result = ExternalCommand.of(command, lookupTimeout).in(tex.toAbsolutePath().getParent())
          .run();
    } catch (ExternalCommand.TimedOutException e) {
      throw new LatexException("could not look up the LaTeX packages " + tex.getFileName()
          + " loads: " + e.getMessage());
    }
    Set<String> found = result.stdout().lines()
        .map(path -> Path.of(path).getFileName().toString()).collect(Collectors.toSet());
    return loaded.stream().filter(file -> !found.contains(file)).toList();
  }

  /** The .sty and .cls files a LaTeX source loads itself, in order, comments left out. */
  static Set<String> loadedFiles(String latex) {
    Set<String> loaded = new LinkedHashSet<>();
    Matcher loads = LOADS.matcher(COMMENT.matcher(latex).replaceAll(""));
    while (loads.find()) {
      String extension = loads.group(1).equals("documentclass") ? ".cls" : ".sty";
      for (String latexPackage : loads.group(2).split(",")) {
        if (!latexPackage.isBlank()) loaded.add(latexPackage.trim() + extension);
      }
    }
    return loaded;
  }

  private static String needs(String tex, String file) {
    return tex + " needs " + file + ", which is not installed: "
        + TexDebianPackages.installHint(file);
  }

  /** pdflatex's first error, or for a missing package the same sentence as before compiling. */
  private static String failure(String tex, int exitCode, Path log) throws IOException {
    // TeX writes its log in bytes of the input's encoding; Latin-1 reads any byte.
    List<String> lines = Files.exists(log)
        ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("!")) continue;
      Matcher notFound = FILE_NOT_FOUND.matcher(line);
      if (notFound.find()) return needs(tex, notFound.group(1));
      // TeX follows the error with its context and "l.<line> <text>" where it stopped.
      String where = lines.stream().skip(i + 1).limit(12).filter(l -> l.startsWith("l."))
          .findFirst().map(l -> " at " + l.trim()).orElse("");
      return "pdflatex could not compile " + tex + ": " + line + where + " (log: " + log + ")";
    }
    return "pdflatex could not compile " + tex + ": it exited with code " + exitCode
        + " and wrote no PDF (log: " + log + ")";
  }
}
