package dev.vgp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data flows one way: no package imports one above it (docs/DESIGN.md, "Where things live"). */
class LayeringTest {

  private static final Map<String, Set<String>> MAY_IMPORT = Map.ofEntries(
      Map.entry("files", Set.of()),
      Map.entry("spec", Set.of("files")),
      // mean-field theory: a model's specification in, predicted moments out
      Map.entry("theory", Set.of("spec")),
      Map.entry("command", Set.of("files")),
      Map.entry("data", Set.of("spec", "files")),
      Map.entry("model", Set.of("spec", "files")),
      Map.entry("results", Set.of("spec", "files")),
      Map.entry("train", Set.of("data", "model", "results", "spec", "files")),
      Map.entry("plan", Set.of("results", "spec", "files")),
      Map.entry("run", Set.of("data", "model", "results", "train", "plan", "theory", "spec",
          "command", "files")),
      Map.entry("cluster", Set.of("run", "plan", "results", "spec", "command", "files")),
      Map.entry("analysis", Set.of("results", "spec", "files")),
      Map.entry("report", Set.of("analysis", "data", "results", "spec", "command", "files")),
      Map.entry("expectations", Set.of("analysis", "results", "data", "spec", "files")),
      // the plugin's thin goals map parameters to calls: they never build or train a model
      Map.entry("maven", Set.of("plan", "run", "cluster", "report", "expectations", "analysis",
          "data", "results", "spec", "files")));

  /**
   * Where TensorFlow's native library may load: the training process's packages. Elsewhere only
   * its generated protocol buffers (pure Java), so that the report, the goals that read results
   * and the cluster's never load it.
   */
  private static final Set<String> MAY_IMPORT_TENSORFLOW = Set.of("model", "train", "run");

  private static final Pattern TENSORFLOW_IMPORT = Pattern.compile(
      "^import (?:static )?org\\.tensorflow\\.(?!proto\\.)", Pattern.MULTILINE);

  /** A string literal holding one of Slurm's file names, or a pattern of them. */
  private static final Pattern SCHEDULER_FILE = Pattern.compile("\"[^\"\\n]*slurm[-.*\"]");

  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.vgp\\.(\\w+)\\.",
      Pattern.MULTILINE);

  @Test
  void noImportPointsBackUp() throws IOException {
    List<String> violations = new ArrayList<>();
    violations.addAll(violations(Path.of("src/main/java/dev/vgp")));
    violations.addAll(violations(Path.of("../vgp-maven-plugin/src/main/java/dev/vgp")));
    assertEquals(List.of(), violations);
  }

  @Test
  void theCheckFindsAnImportThatPointsBackUp(@TempDir Path tmp) throws IOException {
    Path source = tmp.resolve("dev/vgp/expectations/Bad.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package dev.vgp.expectations;\n\nimport dev.vgp.report.Figure;\n"
        + "import dev.vgp.analysis.Format;\n");
    assertEquals(List.of("expectations/Bad.java imports dev.vgp.report"),
        violations(tmp.resolve("dev/vgp")));
  }

  @Test
  void onlyTheTrainingProcessesPackagesLoadTensorFlow(@TempDir Path tmp) throws IOException {
    List<String> violations = new ArrayList<>();
    violations.addAll(tensorFlowImports(Path.of("src/main/java/dev/vgp")));
    violations.addAll(tensorFlowImports(Path.of("../vgp-maven-plugin/src/main/java/dev/vgp")));
    assertEquals(List.of(), violations);

    Path source = tmp.resolve("dev/vgp/report/Bad.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package dev.vgp.report;\n\nimport org.tensorflow.proto.Event;\n"
        + "import org.tensorflow.Graph;\n");
    assertEquals(List.of("report/Bad.java imports TensorFlow"), tensorFlowImports(tmp.resolve(
        "dev/vgp")));
  }

  /**
   * A scheduler's files are named by its {@code JobFiles}: no package but {@code cluster} spells
   * one out (Slurm's {@code slurm.sh}, {@code slurm-<id>.log}, {@code slurm-job}), so that a new
   * scheduler changes nothing outside it. A message may still name Slurm.
   */
  @Test
  void onlyTheClusterNamesASchedulersFiles(@TempDir Path tmp) throws IOException {
    List<String> violations = new ArrayList<>();
    violations.addAll(schedulerFileNames(Path.of("src/main/java/dev/vgp")));
    violations.addAll(schedulerFileNames(Path.of("../vgp-maven-plugin/src/main/java/dev/vgp")));
    assertEquals(List.of(), violations);

    Path source = tmp.resolve("dev/vgp/run/Bad.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package dev.vgp.run;\n\nclass Bad {\n"
        + "  String message = \"Slurm's queue\";\n  String kept = \"slurm-job\";\n}\n");
    assertEquals(List.of("run/Bad.java names a scheduler's file"),
        schedulerFileNames(tmp.resolve("dev/vgp")));
  }

  private static List<String> tensorFlowImports(Path root) throws IOException {
    return sourcesOutside(root, MAY_IMPORT_TENSORFLOW, TENSORFLOW_IMPORT, "imports TensorFlow");
  }

  private static List<String> schedulerFileNames(Path root) throws IOException {
    return sourcesOutside(root, Set.of("cluster"), SCHEDULER_FILE, "names a scheduler's file");
  }

  /** The sources of packages but {@code allowed} in which {@code pattern} is found. */
  private static List<String> sourcesOutside(Path root, Set<String> allowed, Pattern pattern,
      String what) throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(root)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String from = root.relativize(source).getName(0).toString();
        if (!allowed.contains(from) && pattern.matcher(Files.readString(source)).find()) {
          violations.add(root.relativize(source) + " " + what);
        }
      }
    }
    return violations;
  }

  private static List<String> violations(Path root) throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(root)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String from = root.relativize(source).getName(0).toString();
        Matcher m = IMPORT.matcher(Files.readString(source));
        while (m.find()) {
          String to = m.group(1);
          if (!to.equals(from) && !MAY_IMPORT.getOrDefault(from, Set.of()).contains(to)) {
            violations.add(root.relativize(source) + " imports dev.vgp." + to);
          }
        }
      }
    }
    return violations;
  }
}
