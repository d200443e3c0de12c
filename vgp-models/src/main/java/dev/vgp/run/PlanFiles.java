package dev.vgp.run;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.PreparedData;
import dev.vgp.files.AtomicFiles;
import dev.vgp.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a training process reads: {@code plan.json} ({@link FrozenPlan}), and the task files
 * of a benchmark, of a gradient-flow measurement at initialisation and of a depth sweep. Records map themselves
 * ({@link Json}); each file is written atomically so that a process never reads half a plan.
 */
public final class PlanFiles {

  private PlanFiles() {}

  /** A gradient-flow measurement at initialisation of several planned experiments. */
  public record AtInitialisation(List<FrozenPlan> plans, int batches) {}

  /** A benchmark of several models, written as a table to the log and a CSV file. */
  public record Benchmark(DatasetKind dataset, ModelBenchmark.Steps steps,
      List<ModelBenchmark.Candidate> candidates, Path csv) {}

  /** A depth sweep at initialisation on prepared data, written to a CSV file. */
  public record DepthSweep(PreparedData data, dev.vgp.run.DepthSweep.Plan plan, Path csv) {}

  /** The fingerprint {@code plan.json} records beside the plan. */
  private record Recorded(String fingerprint) {}

  public static void write(Object planOrTask, Path file) {
    AtomicFiles.writeString(file, Json.write(planOrTask));
  }

  /**
   * @throws IllegalArgumentException when the content no longer gives the recorded fingerprint:
   *     the file was edited, and a run of it could not be told apart from the planned one
   */
  public static FrozenPlan readPlan(Path file) {
    String text = read(file);
    FrozenPlan plan = parse(file, text, FrozenPlan.class);
    String recorded = parse(file, text, Recorded.class).fingerprint();
    if (!plan.fingerprint().equals(recorded)) {
      throw new IllegalArgumentException(file + " was changed after vgp:train wrote it (its"
          + " content no longer gives its fingerprint " + recorded + "): change the POM instead"
          + " and run vgp:train again, which writes a new plan");
    }
    return plan;
  }

  public static AtInitialisation readAtInitialisation(Path file) {
    return parse(file, read(file), AtInitialisation.class);
  }

  public static Benchmark readBenchmark(Path file) {
    return parse(file, read(file), Benchmark.class);
  }

  /**
   * @throws IllegalArgumentException naming the file and what to do when it does not parse: a
   *     plan emptied or cut short (a full disk, a copy) said only "line 13, column 10:
   *     Unexpected end-of-input in field name"
   */
  private static <T> T parse(Path file, String text, Class<T> type) {
    try {
      return Json.read(text, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " does not parse (" + e.getMessage() + "): vgp"
          + " writes it whole, so it was cut short or edited; run the goal that wrote it again"
          + " (vgp:train, or vgp:submit for a cluster job), which writes it anew", e);
    }
  }

  public static DepthSweep readDepthSweep(Path file) {
    return Json.read(read(file), DepthSweep.class);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
