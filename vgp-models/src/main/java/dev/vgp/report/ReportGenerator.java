package dev.vgp.report;

import dev.vgp.analysis.ExperimentResults;
import dev.vgp.analysis.ReferenceTable;
import dev.vgp.files.AtomicFiles;
import dev.vgp.report.ReportModel.BenchmarkTable;
import dev.vgp.report.ReportModel.FigureView;
import dev.vgp.report.ReportModel.Panel;
import dev.vgp.results.DamagedResultsException;
import dev.vgp.results.DepthSweepRow;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.FirstMatchTemplateConfigurationFactory;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Writes the study report from recorded results only (it never trains): {@code index.html}, one
 * self-contained page with inline SVG figures, and {@code report.tex} with its pgfplots data in
 * {@code figures/}, which compiles with pdflatex into the same content. A {@code benchmark.csv}
 * and a {@code depth_sweep.csv} in the output directory are shown too.
 */
public final class ReportGenerator {

  public static final String HTML_TEMPLATE = "report.html.ftl";
  public static final String LATEX_TEMPLATE = "report.tex.ftl";
  public static final String HTML_OUTPUT = "index.html";
  public static final String LATEX_OUTPUT = "report.tex";
  /** The folder, next to report.tex, holding one pgfplots data file per chart. */
  public static final String FIGURE_DATA = "figures";
  public static final String BENCHMARK = "benchmark.csv";

  private static final String SHIPPED_TEMPLATES = "/dev/vgp/templates";

  private ReportGenerator() {}

  /**
   * Generates the report and returns the paths written (index.html, report.tex, then the figure
   * data files).
   *
   * @throws IllegalArgumentException when a given template directory, reference table or
   *     benchmark file does not exist
   * @throws DamagedResultsException when a results file does not parse; nothing is written then
   */
  public static List<Path> generate(ReportRequest request) {
    ReferenceTable reference = ReferenceTable.shippedOr(request.referenceTable());
    Configuration templates = templates(request.templateDirectory(), request.log());
    // Parsing the templates (FreeMarker's first use costs about a second) overlaps the reading.
    CompletableFuture<List<Template>> parsed = CompletableFuture.supplyAsync(
        () -> List.of(template(templates, HTML_TEMPLATE), template(templates, LATEX_TEMPLATE)));
    List<ExperimentResults> experiments = request.resultsDirectories().parallelStream()
        .map(dir -> ExperimentResults.load(dir, Optional.ofNullable(request.declared().get(dir))))
        .toList(); // toList keeps the requested order
    List<String> damage = experiments.stream().flatMap(e -> e.damage().stream()).toList();
    if (!damage.isEmpty()) {
      throw new DamagedResultsException("nothing reported: " + damage.size() + " results"
          + " file(s) do not parse: " + String.join("; ", damage) + ". Restore or repair them,"
          + " leave their runs out of the report, or rerun vgp:train, which sets a damaged run"
          + " aside and trains it again");
    }
    List<DepthSweepRow> depthSweep =
        DepthSweepRow.read(request.outputDirectory().resolve(DepthSweepRow.CSV));
    ReportModel model = new ReportModelBuilder(experiments, reference, depthSweep)
        .build(benchmark(request), request.expectations() == null ? List.of()
            : request.expectations().apply(experiments));

    Path out = request.outputDirectory();
    List<Path> written = new ArrayList<>();
    List<Template> htmlAndLatex = join(parsed);
    written.add(render(htmlAndLatex.get(0), model, out.resolve(HTML_OUTPUT)));
    written.add(render(htmlAndLatex.get(1), model, out.resolve(LATEX_OUTPUT)));
    for (FigureView figure : model.figures()) {
      for (Panel panel : figure.panels()) {
        written.add(writeData(panel.figure(), out, panel.csv()));
        if (panel.linear() != null) written.add(writeData(panel.linear(), out, panel.linearCsv()));
      }
    }
    return written;
  }

  private static Path writeData(Figure figure, Path out, String relative) {
    Path file = out.resolve(relative);
    PgfplotsData.write(figure, file);
    return file;
  }

  private static Template template(Configuration templates, String name) {
    try {
      return templates.getTemplate(name);
    } catch (IOException e) {
      throw new UncheckedIOException("could not load template " + name + ": " + e.getMessage(), e);
    }
  }

  private static Path render(Template template, ReportModel model, Path target) {
    AtomicFiles.write(target, writer -> {
      try {
        template.process(model, writer);
      } catch (TemplateException e) {
        throw new IOException("template " + template.getSourceName() + " failed: "
            + e.getMessage(), e);
      }
    });
    return target;
  }

  /** The result of a background task, its own exception rethrown as is. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) throw cause;
      throw e;
    }
  }

  /**
   * Templates from the user's directory first, then the shipped ones, so a user may override one
   * template and keep the other. {@code .html.ftl} escapes for HTML, {@code .tex.ftl} for LaTeX.
   */
  static Configuration templates(Path userDirectory, Consumer<String> log) {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    TemplateLoader shipped = new ClassTemplateLoader(ReportGenerator.class, SHIPPED_TEMPLATES);
    if (userDirectory == null) {
      cfg.setTemplateLoader(shipped);
    } else {
      existing(userDirectory, "template directory");
      for (String name : List.of(HTML_TEMPLATE, LATEX_TEMPLATE)) {
        if (!Files.isRegularFile(userDirectory.resolve(name))) {
          log.accept("the template directory " + userDirectory + " has no " + name
              + ": using the shipped one");
        }
      }
      try {
        cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
            new FileTemplateLoader(userDirectory.toFile()),
            shipped}));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read templates from " + userDirectory, e);
      }
    }
    TemplateConfiguration html = new TemplateConfiguration();
    html.setOutputFormat(HTMLOutputFormat.INSTANCE);
    TemplateConfiguration latex = new TemplateConfiguration();
    latex.setOutputFormat(LatexOutputFormat.INSTANCE);
    cfg.setTemplateConfigurations(new FirstMatchTemplateConfigurationFactory(
        new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.html.ftl"), html),
        new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.tex.ftl"), latex))
        .allowNoMatch(true));
    cfg.setDefaultEncoding(StandardCharsets.UTF_8.name());
    cfg.setNumberFormat("computer"); // integers print as 1234, never 1,234
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    return cfg;
  }

  /** The benchmark table: the requested file, else benchmark.csv in the output directory. */
  private static BenchmarkTable benchmark(ReportRequest request) {
    Path csv = request.benchmarkCsv() != null
        ? existing(request.benchmarkCsv(), "benchmark file")
        : request.outputDirectory().resolve(BENCHMARK);
    return Files.isRegularFile(csv) ? BenchmarkTableReader.read(csv) : null;
  }

  private static Path existing(Path path, String what) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("the " + what + " " + path + " does not exist");
    }
    return path;
  }
}
