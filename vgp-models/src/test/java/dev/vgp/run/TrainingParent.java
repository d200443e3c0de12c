package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.files.LogSink;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.ResultsDirectory;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * What vgp:train does around a training process, as a JVM of its own that a test can interrupt
 * as Ctrl-C would Maven: {@code TrainingParent <output> <archive> <checksum> <cache> <epochs>
 * <processes>} trains one tiny VGG08, "tiny", in a training process, its lines on standard
 * output; given several processes, as many tiny VGG08s at once ("tiny", "tiny2", ...). Also the
 * plan, data, runner and process helpers of {@link ForkedTrainingTest} and
 * {@link ParallelTrainingTest}.
 */
public final class TrainingParent {

  private TrainingParent() {}

  public static void main(String[] args) {
    LogSink log = ChildOutput.plain(System.out);
    int processes = Integer.parseInt(args[5]);
    try (ExperimentRunner runner = runner(Path.of(args[0]), log, processes,
        ExperimentRunner.Options.defaults())) {
      runner.run(plan(Integer.parseInt(args[4]), IntStream.rangeClosed(1, processes)
              .mapToObj(i -> tiny(i == 1 ? "tiny" : "tiny" + i, "1e-3"))
              .toArray(ExperimentDeclaration[]::new)),
          data(Path.of(args[1]), args[2], Path.of(args[3])), new RunLog(log, Duration.ZERO));
    }
    System.exit(0);
  }

  /** A VGG08 of width 8 on CIFAR-100's shape, batch 50. */
  static ExperimentDeclaration tiny(String id, String learningRate) {
    return new ExperimentDeclaration(id, id, new ExperimentSettings(Map.of("model", "vgg08",
        "width", "8", "batchSize", "50", "learningRate", learningRate)));
  }

  static ExperimentPlan plan(int epochs, ExperimentDeclaration... experiments) {
    return ExperimentPlan.resolve(new ExperimentSettings(Map.of("epochs",
        Integer.toString(epochs))), List.of(experiments), PlanOverrides.none(),
        DataShape.cifar100());
  }

  static FetchRequest data(Path archive, String checksum, Path cache) {
    return new FetchRequest(DatasetKind.CIFAR100, cache, null, checksum, archive, null, true);
  }

  /**
   * A synthetic CIFAR-100 archive of 200 training and 20 test images, and the request that reads
   * it through {@code cache}.
   */
  record SyntheticData(Path archive, String checksum, Path cache, FetchRequest request) {

    /** The archive and cache in {@code dir}. */
    static SyntheticData writeTo(Path dir) {
      Path archive = dir.resolve("cifar-100-binary.tar.gz");
      String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 200, 20, 0);
      Path cache = dir.resolve("cache");
      return new SyntheticData(archive, checksum, cache, data(archive, checksum, cache));
    }
  }

  /** A runner that trains in a training process started from this JVM's classpath. */
  static ExperimentRunner runner(Path out, LogSink sink) {
    return runner(out, sink, 1, ExperimentRunner.Options.defaults());
  }

  /** A runner that trains in {@code processes} training processes at once. */
  static ExperimentRunner runner(Path out, LogSink sink, int processes,
      ExperimentRunner.Options options) {
    return new ExperimentRunner(out, options, ChildLauncher.several(processes, command(Map.of()),
        out, sink, Duration.ZERO));
  }

  /** A training process started from this JVM's classpath, with {@code environment} set. */
  static ChildCommand command(Map<String, String> environment) {
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path")
        .split(File.pathSeparator)).map(Path::of).toList();
    Map<String, String> quiet = new HashMap<>(environment);
    quiet.put("TF_CPP_MIN_LOG_LEVEL", "2");
    return new ChildCommand(Path.of(System.getProperty("java.home"), "bin", "java"), List.of(),
        classpath, quiet);
  }

  /** A {@code TrainingParent}'s lines and the training processes it had when interrupted. */
  record Interrupted(List<String> lines, List<ProcessHandle> children) {}

  /**
   * Runs a {@code TrainingParent} of {@code processes} experiments of {@code epochs} on
   * {@code data} into {@code out} and interrupts it as Ctrl-C would ({@link #interruption}) as
   * soon as its lines so far satisfy {@code ready}; returns once it ended.
   */
  static Interrupted interruptWhen(Predicate<List<String>> ready, Path out, SyntheticData data,
      int epochs, int processes) throws Exception {
    Process parent = new ProcessBuilder(ChildFixture.java(TrainingParent.class, out.toString(),
        data.archive().toString(), data.checksum(), data.cache().toString(),
        Integer.toString(epochs), Integer.toString(processes)))
        .redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    List<ProcessHandle> children = List.of();
    try (BufferedReader output = new BufferedReader(
        new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = output.readLine()) != null; ) {
        lines.add(line);
        if (children.isEmpty() && ready.test(lines)) {
          children = trainingProcesses(parent.toHandle());
          new ProcessBuilder("kill", "-" + interruption(), Long.toString(parent.pid())).start()
              .waitFor();
        }
      }
      assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the parent did not end");
    } finally {
      parent.destroyForcibly();
    }
    for (ProcessHandle child : children) child.onExit().get(10, TimeUnit.SECONDS);
    return new Interrupted(lines, children);
  }

  /** The training processes {@code parent} started. */
  static List<ProcessHandle> trainingProcesses(ProcessHandle parent) {
    return parent.children()
        .filter(p -> p.info().commandLine().orElse("").contains(ChildMain.class.getName()))
        .toList();
  }

  /**
   * SIGINT, as Ctrl-C; SIGTERM, which a JVM handles the same way, when this build runs with
   * SIGINT ignored (a shell starts background jobs so), which its child JVMs would inherit.
   */
  static String interruption() throws IOException {
    String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0")
        .substring("SigIgn:".length()).trim();
    return (Long.parseUnsignedLong(ignored, 16) & 0b10) == 0 ? "INT" : "TERM";
  }

  /** summary.csv's numbers but its seconds and images/s. */
  static List<List<Double>> withoutTimes(ResultsDirectory results) {
    return results.readSummary().stream().map(m -> List.of((double) m.epoch(), m.learningRate(),
        m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy())).toList();
  }
}
