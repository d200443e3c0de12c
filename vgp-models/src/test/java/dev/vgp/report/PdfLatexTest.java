package dev.vgp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user is told when report.tex does not compile: a LaTeX package that is not installed is
 * named with the Debian package providing it, any other error is pdflatex's first error line with
 * the log's path. Tests that run pdflatex are skipped where it is not installed (CI installs it).
 */
class PdfLatexTest {

  @TempDir Path dir;

  @Test
  void aUserTemplateLoadingAnUninstalledPackageIsToldWhichOneBeforePdflatexRuns()
      throws IOException {
    PdfLatex pdflatex = installed();
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Files.writeString(templates.resolve(ReportGenerator.LATEX_TEMPLATE), shippedLatexTemplate()
        .replace("\\usepackage{booktabs}", "\\usepackage{booktabs,nonexistentpkg}"));
    Path report = dir.resolve("report");
    ReportGenerator.generate(new ReportRequest(List.of(), report, templates, null, null));

    LatexException e = assertThrows(LatexException.class,
        () -> pdflatex.compile(report.resolve("report.tex")));
    assertEquals("report.tex needs nonexistentpkg.sty, which is not installed: on Debian find"
        + " the package that provides it with `apt-file search /nonexistentpkg.sty`",
        e.getMessage());
    assertFalse(Files.exists(report.resolve("report.log")), "pdflatex should not have run");
  }

  @Test
  void aPackageMissingBehindAnotherIsNamedFromTheLog() throws IOException {
    PdfLatex pdflatex = installed();
    Files.writeString(dir.resolve("wrapper.sty"), "\\RequirePackage{nonexistentpkg}\n");
    Path tex = write("\\usepackage{wrapper}", "Hello.");

    LatexException e = assertThrows(LatexException.class, () -> pdflatex.compile(tex));
    assertEquals("report.tex needs nonexistentpkg.sty, which is not installed: on Debian find"
        + " the package that provides it with `apt-file search /nonexistentpkg.sty`",
        e.getMessage());
  }

  @Test
  void anyOtherErrorIsPdflatexsFirstErrorLineWithTheLogAndLeavesNoPdf() throws IOException {
    PdfLatex pdflatex = installed();
    Path tex = write("", "\\undefinedmacro");
    Files.writeString(dir.resolve("report.pdf"), "from an earlier run");

    LatexException e = assertThrows(LatexException.class, () -> pdflatex.compile(tex));
    assertEquals("pdflatex could not compile report.tex: ! Undefined control sequence. at l.4"
        + " \\undefinedmacro (log: " + dir.resolve("report.log") + ")", e.getMessage());
    assertTrue(Files.readString(dir.resolve("report.log"), StandardCharsets.ISO_8859_1)
        .contains("! Undefined control sequence."));
    assertFalse(Files.exists(dir.resolve("report.pdf")), "a stale PDF was left");
  }

  @Test
  void compilesIntoThePdfBesideTheSourceIgnoringCommentedOutPackages() throws IOException {
    PdfLatex pdflatex = installed();
    Path tex = write("% \\usepackage{nonexistentpkg} was tried once\n\\usepackage{booktabs}",
        "Hello, 50\\% done.");

    Path pdf = pdflatex.compile(tex);

    assertEquals(dir.resolve("report.pdf"), pdf);
    assertTrue(Files.readString(pdf, StandardCharsets.ISO_8859_1).startsWith("%PDF"));
    try (var left = Files.list(dir)) {
      assertEquals(List.of("report.log", "report.pdf", "report.tex"),
          left.map(p -> p.getFileName().toString()).sorted().toList(),
          "pdflatex's scratch directory and aux file should be gone");
    }
  }

  @Test
  void loadedFilesAreEveryPackageAndTheClassOutsideComments() {
    assertEquals(List.of("article.cls", "fontenc.sty", "booktabs.sty", "xcolor.sty",
        "pgfplots.sty"), List.copyOf(PdfLatex.loadedFiles("""
        \\documentclass[10pt,a4paper]{article}
        \\usepackage[T1]{fontenc}
        \\usepackage{booktabs, xcolor} % \\usepackage{commented}
        %\\usepackage{commented}
        \\RequirePackage{pgfplots}
        50\\% \\usepackage{fontenc}
        """)));
  }

  @Test
  void everyPackageTheShippedTemplateLoadsHasItsDebianPackage() throws IOException {
    for (String file : PdfLatex.loadedFiles(shippedLatexTemplate())) {
      assertTrue(TexDebianPackages.installHint(file).startsWith("on Debian install package "),
          file + " is not in debian-tex-packages.txt");
    }
    assertEquals("on Debian install package lmodern", TexDebianPackages.installHint("lmodern.sty"));
    assertEquals("on Debian install package texlive-latex-extra",
        TexDebianPackages.installHint("multirow.sty"));
    assertEquals("on Debian install package texlive-latex-base",
        TexDebianPackages.installHint("article.cls"));
  }

  @Test
  void aHungKpsewhichOrPdflatexIsStoppedAndNamedNotWaitedForForever() throws IOException {
    Path hung = dir.resolve("hung");
    Files.writeString(hung, "#!/bin/sh\necho still going\nexec sleep 600\n");
    Files.setPosixFilePermissions(hung, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tex = write("\\usepackage{booktabs}", "hello");
    PdfLatex hungLookup = new PdfLatex(hung, hung, Duration.ofSeconds(30), Duration.ofSeconds(1));
    LatexException lookup = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(LatexException.class, () -> hungLookup.compile(tex)));
    assertTrue(lookup.getMessage().startsWith("could not look up the LaTeX packages report.tex "
        + "loads: hung did not finish within 1 s and was stopped"), lookup.getMessage());

    Path none = dir.resolve("finds-nothing-missing");
    Files.writeString(none, "#!/bin/sh\nfor f; do echo /tex/$f; done\n");
    Files.setPosixFilePermissions(none, PosixFilePermissions.fromString("rwxr-xr-x"));
    PdfLatex hungCompile = new PdfLatex(hung, none, Duration.ofSeconds(1), Duration.ofSeconds(30));
    LatexException compile = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(LatexException.class, () -> hungCompile.compile(tex)));
    assertTrue(compile.getMessage().startsWith("pdflatex did not compile report.tex: hung did not "
        + "finish within 1 s and was stopped"), compile.getMessage());
    assertFalse(Files.exists(dir.resolve("report.pdf")));
  }

  @Test
  void withoutPdflatexOnThePathThereIsNothingToCompileWith() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    assertEquals(Optional.empty(), PdfLatex.find(bin.toString()));
    assertEquals(Optional.empty(), PdfLatex.find(""));
  }

  private Path write(String preamble, String body) throws IOException {
    return Files.writeString(dir.resolve("report.tex"), "\\documentclass{article}\n" + preamble
        + "\n\\begin{document}\n" + body + "\n\\end{document}\n");
  }

  private static String shippedLatexTemplate() throws IOException {
    try (InputStream in = PdfLatexTest.class.getResourceAsStream(
        "/dev/vgp/templates/" + ReportGenerator.LATEX_TEMPLATE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PdfLatex installed() {
    Optional<PdfLatex> pdflatex = PdfLatex.onPath();
    assumeTrue(pdflatex.isPresent(), "pdflatex is not installed");
    return pdflatex.get();
  }
}
