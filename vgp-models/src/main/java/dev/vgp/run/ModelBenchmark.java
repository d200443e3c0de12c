package dev.vgp.run;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.ReferenceSplit;
import dev.vgp.files.CsvFiles;
import dev.vgp.files.LogSink;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.train.BenchmarkResult;
import dev.vgp.train.Cpu;
import dev.vgp.train.EngineOptions;
import dev.vgp.train.StepBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the training step of each model and turns it into what a user plans with: how long an
 * epoch and a whole declared run take on this machine, and which machine that is. Writes
 * {@code benchmark.csv}, which the report shows.
 *
 * <p>Estimates: an epoch is its training steps plus a validation pass, a run is its epochs plus
 * one test pass; an inference step is counted as a third of a training step (a forward pass
 * against forward, input-gradient and weight-gradient passes).
 */
public final class ModelBenchmark {

  public static final String CSV = "benchmark.csv";
  static final String[] HEADER = {"model", "params", "gflops_per_image", "start_seconds",
      "ms_per_step_median", "ms_per_step_min", "ms_per_step_max", "images_per_sec",
      "gflops_per_sec", "epoch_minutes", "run_hours", "device", "cpu"};

  /** A model to measure, with the run it is planned for. */
  public record Candidate(String name, ModelSpec model, TrainingConfig training) {}

  /** A measurement with its estimates. */
  public record Row(Candidate candidate, BenchmarkResult result, double epochMinutes,
      double runHours) {}

  /** How many steps of each kind to time. */
  public record Steps(int warmup, int perRound, int rounds) {}

  private final DatasetKind dataset;

  public ModelBenchmark(DatasetKind dataset) {
    this.dataset = dataset;
  }

  /**
   * The distinct models of the plan's experiments, named by label; experiments differing only in
   * learning rate (or anything else a step's cost does not depend on, which the batch size and
   * bfloat16 do) share one measurement.
   */
  public static List<Candidate> candidates(ExperimentPlan plan) {
    Map<String, Candidate> byCost = new LinkedHashMap<>();
    for (ExperimentDefinition e : plan.experiments()) {
      String key = e.model() + "/" + e.training().batchSize() + "/" + e.training().bfloat16();
      byCost.putIfAbsent(key, new Candidate(e.label(), e.model(), e.training()));
    }
    return List.copyOf(byCost.values());
  }

  /**
   * Models named on the command line ({@code -Dvgp.models=vgg08,vgg38-bn-rc}): {@code vgg08} or
   * {@code vgg38}, optionally followed by {@code -bn} (BN after every block conv) and {@code -rc}
   * (residual connections), planned with the declared defaults and run length.
   *
   * @throws InvalidExperimentsException naming every name that is not understood, and every
   *     problem of the defaults
   */
  public static List<Candidate> candidates(List<String> names, ExperimentSettings defaults,
      PlanOverrides runLength, DataShape data) {
    List<Candidate> candidates = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    TrainingConfig training = ExperimentPlan.resolveTraining(
        defaults.overriddenBy(runLength.settings()), problems);
    for (String name : names) {
      String[] parts = name.split("-");
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put(ExperimentSettings.MODEL, parts[0]);
      boolean understood = true;
      for (int i = 1; i < parts.length; i++) {
        switch (parts[i].toLowerCase(Locale.ROOT)) {
          case "bn" -> settings.put("batchNorm", "all");
          case "rc" -> settings.put("residual", "true");
          default -> understood = false;
        }
      }
      List<String> own = new ArrayList<>();
      ModelSpec model = understood ? ExperimentPlan.resolveModel(
          new ExperimentSettings(settings), data, own) : null;
      if (model == null || !own.isEmpty()) {
        problems.add("vgp.models names '" + name + "': use "
            + String.join(" or ", ModelSpec.named().keySet()) + ", optionally with -bn and -rc,"
            + " e.g. vgg38-bn-rc");
      } else {
        candidates.add(new Candidate(name, model, training));
      }
    }
    if (!problems.isEmpty()) throw new InvalidExperimentsException(problems);
    return candidates;
  }

  /**
   * Names the CPU, measures, logs the table and writes it to {@code csv}, for the report to
   * show.
   */
  public void run(List<Candidate> candidates, Steps steps, Path csv, LogSink log) {
    String cpu = cpu();
    log.info("CPU: " + cpu);
    List<Row> rows = measure(candidates, steps, log::info);
    table(rows).forEach(log::info);
    writeCsv(rows, cpu, csv);
    log.info("Wrote " + csv);
  }

  /**
   * The CPU as Linux describes it and the instruction set oneDNN says it runs, e.g. "AMD EPYC
   * (family 26 model 2), 2 cores, avx2 fma avx512f avx512_vnni avx512_bf16; oneDNN v3.5.0, Intel
   * AVX-512 with Intel DL Boost and bfloat16 support".
   */
  public static String cpu() {
    return Cpu.thisMachine().describe() + "; " + OneDnnProbe.dispatched();
  }

  public List<Row> measure(List<Candidate> candidates, Steps steps, Consumer<String> log) {
    List<Row> rows = new ArrayList<>();
    for (Candidate c : candidates) {
      log.accept("benchmarking " + c.name() + ": " + c.model().describe() + ", batch "
          + c.training().batchSize());
      BenchmarkResult result = StepBenchmark.measure(c.model(), c.training().batchSize(),
          steps.warmup(), steps.perRound(), steps.rounds(),
          EngineOptions.forModel(c.model(), c.training().bfloat16()));
      rows.add(estimate(c, result));
    }
    return rows;
  }

  Row estimate(Candidate c, BenchmarkResult result) {
    TrainingConfig t = c.training();
    int trainFile = dataset.source().trainingImages();
    int validation = ReferenceSplit.validationCount(trainFile);
    int train = trainFile - validation;
    if (t.trainLimit() > 0) train = Math.min(train, t.trainLimit());
    int test = dataset.source().testImages();
    if (t.evalLimit() > 0) {
      validation = Math.min(validation, t.evalLimit());
      test = Math.min(test, t.evalLimit());
    }
    double step = result.medianMsPerStep();
    double inferenceStep = step / 3;
    double epochMs = Math.ceil((double) train / t.batchSize()) * step
        + Math.ceil((double) validation / t.batchSize()) * inferenceStep;
    double testMs = Math.ceil((double) test / t.batchSize()) * inferenceStep;
    return new Row(c, result, epochMs / 60_000, (t.epochs() * epochMs + testMs) / 3_600_000);
  }

  /** The rows as a fixed-width table for a log, one line each. */
  public static List<String> table(List<Row> rows) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-22s %9s %8s %7s %22s %9s %8s %9s %9s  %s", "model",
        "params", "GFLOP/im", "start s", "ms/step median (range)", "images/s", "GFLOP/s", "epoch min",
        "run h", "device"));
    for (Row r : rows) {
      BenchmarkResult b = r.result();
      lines.add(String.format(Locale.ROOT, "%-22s %,9d %8.3f %7.2f %8.1f (%5.1f-%5.1f) %9.0f"
              + " %8.1f %9.2f %9.2f  %s", r.candidate().name(),
          r.candidate().model().parameterCount(), gflopsPerImage(r), b.startSeconds(),
          b.medianMsPerStep(), b.minMsPerStep(), b.maxMsPerStep(),
          b.imagesPerSecond(), b.gflopsPerSecond(), r.epochMinutes(), r.runHours(), b.device()));
    }
    return lines;
  }

  /** The rows, each with {@code cpu}, the machine they were measured on. */
  public static void writeCsv(List<Row> rows, String cpu, Path file) {
    CsvFiles.write(file, HEADER, printer -> {
      for (Row r : rows) {
        BenchmarkResult b = r.result();
        printer.printRecord(r.candidate().name(), r.candidate().model().parameterCount(),
            fixed(gflopsPerImage(r), 6), fixed(b.startSeconds(), 2),
            fixed(b.medianMsPerStep(), 3), fixed(b.minMsPerStep(), 3),
            fixed(b.maxMsPerStep(), 3), fixed(b.imagesPerSecond(), 1),
            fixed(b.gflopsPerSecond(), 3), fixed(r.epochMinutes(), 3), fixed(r.runHours(), 4),
            b.device(), cpu);
      }
    });
  }

  private static double gflopsPerImage(Row r) {
    return r.candidate().model().trainingFlopsPerImage() / 1e9;
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
