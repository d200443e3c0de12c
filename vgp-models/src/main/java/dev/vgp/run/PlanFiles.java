package dev.vgp.run;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.PreparedData;
import dev.vgp.files.AtomicFiles;
import dev.vgp.files.Json;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.ExperimentRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    AtomicFiles.writeString(file, Json.write(toMap(plan)));
  }

  public static FrozenPlan readPlan(Path file) {
    return planFromMap(read(file), file);
  }

  public static void write(AtInitialisation task, Path file) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("batches", task.batches());
    map.put("plans", task.plans().stream().map(PlanFiles::toMap).toList());
    AtomicFiles.writeString(file, Json.write(map));
  }

  @SuppressWarnings("unchecked")
  public static AtInitialisation readAtInitialisation(Path file) {
    Map<String, Object> map = read(file);
    List<FrozenPlan> plans = new ArrayList<>();
    for (Object plan : (List<Object>) map.get("plans")) {
      plans.add(planFromMap((Map<String, Object>) plan, file));
    }
    return new AtInitialisation(plans, integer(map, "batches"));
  }

  public static void write(Benchmark task, Path file) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("dataset", task.dataset().id());
    map.put("warmupSteps", task.steps().warmup());
    map.put("stepsPerRound", task.steps().perRound());
    map.put("rounds", task.steps().rounds());
    map.put("csv", task.csv().toString());
    List<Object> candidates = new ArrayList<>();
    for (ModelBenchmark.Candidate c : task.candidates()) {
      Map<String, Object> candidate = new LinkedHashMap<>();
      candidate.put("name", c.name());
      candidate.put("model", ExperimentRecord.modelToMap(c.model()));
      candidate.put("training", ExperimentRecord.trainingToMap(c.training()));
      candidates.add(candidate);
    }
    map.put("candidates", candidates);
    AtomicFiles.writeString(file, Json.write(map));
  }

  @SuppressWarnings("unchecked")
  public static Benchmark readBenchmark(Path file) {
    Map<String, Object> map = read(file);
    List<ModelBenchmark.Candidate> candidates = new ArrayList<>();
    for (Object raw : (List<Object>) map.get("candidates")) {
      Map<String, Object> c = (Map<String, Object>) raw;
      candidates.add(new ModelBenchmark.Candidate((String) c.get("name"),
          ExperimentRecord.modelFromMap((Map<String, Object>) c.get("model")),
          ExperimentRecord.trainingFromMap((Map<String, Object>) c.get("training"))));
    }
    return new Benchmark(DatasetKind.parse((String) map.get("dataset")),
        new ModelBenchmark.Steps(integer(map, "warmupSteps"), integer(map, "stepsPerRound"),
            integer(map, "rounds")), candidates, Path.of((String) map.get("csv")));
  }

  private static Map<String, Object> toMap(FrozenPlan plan) {
    ExperimentDefinition e = plan.experiment();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", e.id());
    map.put("label", e.label());
    map.put("fingerprint", plan.fingerprint());
    map.put("vgpVersion", plan.vgpVersion());
    map.put("model", ExperimentRecord.modelToMap(e.model()));
    map.put("training", ExperimentRecord.trainingToMap(e.training()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("dataset", plan.data().kind().id());
    data.put("directory", plan.data().directory().toString());
    data.put("checksum", plan.data().checksum());
    map.put("data", data);
    map.put("outputDirectory", plan.outputDirectory().toString());
    return map;
  }

  /**
   * @throws IllegalArgumentException when the content no longer gives the recorded fingerprint:
   *     the file was edited, and a run of it could not be told apart from the planned one
   */
  @SuppressWarnings("unchecked")
  private static FrozenPlan planFromMap(Map<String, Object> map, Path file) {
    Map<String, Object> data = (Map<String, Object>) map.get("data");
    FrozenPlan plan = new FrozenPlan(
        new ExperimentDefinition((String) map.get("id"), (String) map.get("label"),
            ExperimentRecord.modelFromMap((Map<String, Object>) map.get("model")),
            ExperimentRecord.trainingFromMap((Map<String, Object>) map.get("training"))),
        new PreparedData(DatasetKind.parse((String) data.get("dataset")),
            Path.of((String) data.get("directory")), (String) data.get("checksum")),
        (String) map.get("vgpVersion"), Path.of((String) map.get("outputDirectory")));
    if (!plan.fingerprint().equals(map.get("fingerprint"))) {
      throw new IllegalArgumentException(file + " was changed after vgp:train wrote it (its"
          + " content no longer gives its fingerprint " + map.get("fingerprint") + "): change the"
          + " POM instead and run vgp:train again, which writes a new plan");
    }
    return plan;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) {
    try {
      return (Map<String, Object>) Json.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private static int integer(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).intValue();
  }
}
