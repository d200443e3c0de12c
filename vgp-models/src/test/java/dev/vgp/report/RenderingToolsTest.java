package dev.vgp.report;

import dev.vgp.analysis.ExpectationRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated report read by the real tools: headless Chromium renders index.html, pdflatex
 * compiles report.tex ({@link PdfLatex}) and pdftoppm turns the PDF's first page into a PNG.
 * Skipped only where a tool is not installed (.ci/setup.sh installs them all). The outputs stay in
 * target/report-rendering/ to be looked at.
 */
class RenderingToolsTest {

  private static final Path WORK = Path.of("target", "report-rendering").toAbsolutePath();
  private static Path report;

  @BeforeAll
  static void generate() throws IOException {
    deleteRecursively(WORK);
    List<Path> directories = new ArrayList<>(StudyFixture.writeStudy(WORK.resolve("results"), 10));
    directories.add(WORK.resolve("results/never-ran"));
    report = WORK.resolve("report");
    // an expectations table with every verdict, and text LaTeX must escape
    List<ExpectationRow> expectations = List.of(
        new ExpectationRow("VGG38 vanishes at initialisation",
            "vanishing at init", "vanishing at init from reduction_block_2_conv_0 back", "PASSED",
            ""),
        new ExpectationRow("vgg08 best val_acc at least 50.00%",
            "best val_acc at least 50.00%", "46.84%", "FAILED", ""),
        new ExpectationRow("never-ran vanishes at the last epoch",
            "vanishing at the last epoch", "", "FAILED", "never-ran was not run: {} & # $ ~ ^"),
        new ExpectationRow("beats", "the best of a, b above c", "", "SKIPPED",
            "only meaningful for a full run: a trained on the first 1,000 images"));
    ReportGenerator.generate(new ReportRequest(directories, report, null, null, null)
        .withExpectations(runs -> expectations));
  }

  @Test
  void chromiumRendersTheHtmlPage() throws Exception {
    Path chromium = tool("chromium", "chromium-browser", "google-chrome");
    Path png = WORK.resolve("index.png");
    Path profile = Files.createTempDirectory(WORK, "chromium-profile");
    Process p = run(WORK, chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + profile, "--screenshot=" + png,
        "--window-size=1200,9000", report.resolve("index.html").toUri().toString());
    assertEquals(0, p.exitValue(), "chromium failed");
    assertTrue(Files.size(png) > 100_000, "screenshot suspiciously small: " + Files.size(png));
  }

  @Test
  void pdflatexCompilesTheLatexReport() throws Exception {
    Path pdf = pdflatex().compile(report.resolve("report.tex"));
    assertTrue(Files.size(pdf) > 50_000, "PDF suspiciously small: " + Files.size(pdf));
    // Page 1 as a picture, to be looked at: Table 1 and the findings.
    Path pdftoppm = tool("pdftoppm");
    Process p = run(WORK, pdftoppm.toString(), "-png", "-r", "80", "-f", "1", "-l", "1",
        "-singlefile", pdf.toString(), WORK.resolve("report-page1").toString());
    assertEquals(0, p.exitValue(), "pdftoppm failed");
    Path png = WORK.resolve("report-page1.png");
    assertTrue(Files.size(png) > 20_000, "page 1 suspiciously small: " + Files.size(png));
  }

  @Test
  void pdflatexCompilesAReportOfNothingYet() {
    Path empty = WORK.resolve("empty");
    ReportGenerator.generate(ReportRequest.of(List.of(), empty));
    assertTrue(Files.exists(pdflatex().compile(empty.resolve("report.tex"))));
  }

  private static Process run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(WORK.resolve(
            Path.of(command[0]).getFileName() + ".out").toFile()).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), command[0] + " did not finish in 3 minutes");
    return p;
  }

  private static PdfLatex pdflatex() {
    Optional<PdfLatex> pdflatex = PdfLatex.onPath();
    assumeTrue(pdflatex.isPresent(), "pdflatex is not installed");
    return pdflatex.get();
  }

  /** The first of the named executables on the PATH; skips the test when none is. */
  private static Path tool(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : names) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) return candidate;
      }
    }
    assumeTrue(false, String.join(" / ", names) + " is not installed");
    throw new AssertionError("unreachable");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
