package dev.vgp.run;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.PreparedData;
import dev.vgp.files.AtomicFiles;
import dev.vgp.files.Json;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON of the files a training process reads: {@code plan.json} ({@link FrozenPlan}), and the
 * task files of a benchmark and of a gradient-flow measurement at initialisation. The one place
 * that maps them, written atomically so that a process never reads half a plan.
 */
public final class PlanFiles {

  private PlanFiles() {}

  /** A gradient-flow measurement at initialisation of several planned experiments. */
  public record AtInitialisation(List<FrozenPlan> plans, int batches) {}

  /** A benchmark of several models, written as a table to the log and a CSV file. */
  public record Benchmark(DatasetKind dataset, ModelBenchmark.Steps steps,
      List<ModelBenchmark.Candidate> candidates, Path csv) {}

  public static void write(FrozenPlan plan, Path file) {
    AtomicFiles.writeString(file, Json.write(PlanJson.of(plan)));
  }

  public static FrozenPlan readPlan(Path file) {
    return read(file, PlanJson.class).plan(file);
  }

  public static void write(AtInitialisation task, Path file) {
    AtomicFiles.writeString(file, Json.write(new AtInitialisationJson(task.batches(),
        task.plans().stream().map(PlanJson::of).toList())));
  }

  public static AtInitialisation readAtInitialisation(Path file) {
    AtInitialisationJson json = read(file, AtInitialisationJson.class);
    return new AtInitialisation(json.plans().stream().map(p -> p.plan(file)).toList(),
        json.batches());
  }

  public static void write(Benchmark task, Path file) {
    AtomicFiles.writeString(file, Json.write(new BenchmarkJson(task.dataset().id(),
        task.steps().warmup(), task.steps().perRound(), task.steps().rounds(),
        task.csv().toString(), task.candidates())));
  }

  public static Benchmark readBenchmark(Path file) {
    BenchmarkJson json = read(file, BenchmarkJson.class);
    return new Benchmark(DatasetKind.parse(json.dataset()),
        new ModelBenchmark.Steps(json.warmupSteps(), json.stepsPerRound(), json.rounds()),
        json.candidates(), Path.of(json.csv()));
  }

  /** plan.json as written: the plan, with its fingerprint to detect edits. */
  private record PlanJson(String id, String label, String fingerprint, String vgpVersion,
      ModelSpec model, TrainingConfig training, DataJson data, String outputDirectory) {

    static PlanJson of(FrozenPlan plan) {
      ExperimentDefinition e = plan.experiment();
      return new PlanJson(e.id(), e.label(), plan.fingerprint(), plan.vgpVersion(), e.model(),
          e.training(), new DataJson(plan.data().kind().id(),
              plan.data().directory().toString(), plan.data().checksum()),
          plan.outputDirectory().toString());
    }

    /**
     * @throws IllegalArgumentException when the content no longer gives the recorded
     *     fingerprint: the file was edited, and a run of it could not be told apart from the
     *     planned one
     */
    FrozenPlan plan(Path file) {
      FrozenPlan plan = new FrozenPlan(new ExperimentDefinition(id, label, model, training),
          new PreparedData(DatasetKind.parse(data.dataset()), Path.of(data.directory()),
              data.checksum()), vgpVersion, Path.of(outputDirectory));
      if (!plan.fingerprint().equals(fingerprint)) {
        throw new IllegalArgumentException(file + " was changed after vgp:train wrote it (its"
            + " content no longer gives its fingerprint " + fingerprint + "): change the POM"
            + " instead and run vgp:train again, which writes a new plan");
      }
      return plan;
    }
  }

  private record DataJson(String dataset, String directory, String checksum) {}

  private record AtInitialisationJson(int batches, List<PlanJson> plans) {}

  private record BenchmarkJson(String dataset, int warmupSteps, int stepsPerRound, int rounds,
      String csv, List<ModelBenchmark.Candidate> candidates) {}

  private static <T> T read(Path file, Class<T> type) {
    try {
      return Json.read(Files.readString(file), type);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
