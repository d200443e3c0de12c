package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vgp.files.AtomicFiles;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import dev.vgp.results.ResourceUse;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TensorBoardLog;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Settings;
import dev.vgp.spec.TrainingConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.Event;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/** Trainer behaviour on a tiny task: VGG08 on 16x16 images of 10 classes, a second an epoch. */
class TrainerTest {

  private static final SyntheticDataset DATA = SyntheticDataset.create(10, 16, 20, 5, 7);
  private static final ModelSpec SPEC = ModelSpec.vgg08().forData(3, 16, 10);
  /** A constant rate, so that 2 epochs then 3 train as 3 would (cosine depends on the count). */
  private static final TrainingConfig CONFIG = Settings.with(TrainingConfig.reference(),
      Map.of("learningRate", 3e-3, "schedule", LearningRateSchedule.CONSTANT,
          "minLearningRate", 3e-3, "epochs", 3, "batchSize", 50, "seed", 11L));

  @TempDir Path dir;

  @Test
  void resumesAfterTheLastCompleteCheckpointAndNeverLoadsAHalfWrittenOne() throws Exception {
    ResultsDirectory interrupted = new ResultsDirectory(dir.resolve("interrupted"));
    TrainingOutcome first = new Trainer(SPEC, CONFIG.with("epochs", 2), DATA, interrupted,
        TrainingListener.NONE).run();
    assertEquals(-1, first.resumedAtEpoch());
    List<EpochMetrics> twoEpochs = interrupted.readSummary();
    assertEquals(List.of(0, 1), twoEpochs.stream().map(EpochMetrics::epoch).toList());

    // a kill between the two renames of a checkpoint swap, with a newer write half done
    Path checkpoints = interrupted.checkpoints();
    AtomicFiles.deleteTree(checkpoints.resolve("latest.previous"));
    Files.move(checkpoints.resolve("latest"), checkpoints.resolve("latest.previous"));
    Path partial = Files.createDirectories(checkpoints.resolve("latest.partial"));
    Files.writeString(partial.resolve("state.json"), "{\"epoch\": 7, \"bestEp");

    List<TrainingProgress> progress = new ArrayList<>();
    TrainingOutcome resumed = new Trainer(SPEC, CONFIG, DATA, interrupted,
        new TrainingListener() {
          @Override
          public void progress(TrainingProgress p) {
            progress.add(p);
          }
        }).run();

    assertEquals(2, resumed.resumedAtEpoch());
    List<EpochMetrics> summary = interrupted.readSummary();
    assertEquals(twoEpochs, summary.subList(0, 2));
    assertEquals(List.of(0, 1, 2), summary.stream().map(EpochMetrics::epoch).toList());
    assertEquals(summary, resumed.epochs());
    assertTrue(progress.stream().allMatch(p -> p.epoch() == 2));
    TrainingProgress last = progress.get(progress.size() - 1);
    assertEquals(last.steps(), last.step());
    assertEquals(List.of(0, 1, 2), interrupted.readGradientFlow().stream()
        .map(GradientFlowRecord::epoch).distinct().toList());
    assertEquals(resumed.test(), interrupted.readTestSummary().orElseThrow());
    // TensorBoard's curves go on from the checkpoint, every epoch once, with every layer's
    // gradient histogram of its last batch
    List<Event> events = TensorBoardLog.read(interrupted).stream().filter(Event::hasSummary)
        .toList();
    assertEquals(List.of(0L, 1L, 2L), events.stream().map(Event::getStep).toList());
    int layers = SPEC.gradientLayerLabels().size();
    for (Event event : events) {
      assertEquals(layers, event.getSummary().getValueList().stream()
          .filter(v -> v.getTag().startsWith("gradient_histogram/")).count());
    }

    // resuming restored weights, BN statistics and Adam state: epoch 2 matches an unbroken run
    ResultsDirectory unbroken = new ResultsDirectory(dir.resolve("unbroken"));
    new Trainer(SPEC, CONFIG, DATA, unbroken, TrainingListener.NONE).run();
    assertEquals(learning(unbroken.readSummary()), learning(summary));
  }

  @Test
  void aTruncatedLatestCheckpointResumesFromAnIntactOneAndSaysWhichFile() throws Exception {
    ResultsDirectory damaged = new ResultsDirectory(dir.resolve("damaged"));
    new Trainer(SPEC, CONFIG.with("epochs", 2), DATA, damaged, TrainingListener.NONE).run();
    // a disk or file server that lost the tail of the weights: TensorFlow would fail with 'Read
    // less bytes than requested'; a flipped byte would load silently
    Path weights = damaged.checkpoints().resolve("latest/model.data-00000-of-00001");
    long bytes = Files.size(weights);
    try (FileChannel data = FileChannel.open(weights, StandardOpenOption.WRITE)) {
      data.truncate(bytes / 2);
    }

    List<String> lines = new ArrayList<>();
    TrainingOutcome resumed = new Trainer(SPEC, CONFIG, DATA, damaged, new TrainingListener() {
      @Override
      public void info(String message) {
        lines.add(message);
      }
    }).run();
    // from best when epoch 1 was the best so far, else from latest.previous, epoch 0
    int from = resumed.resumedAtEpoch() - 1;
    String fallback = from == 1 ? "best" : "latest.previous";
    String aside = lines.stream().filter(l -> l.startsWith("checkpoint latest is damaged"))
        .findFirst().orElseThrow(() -> new AssertionError(lines.toString()));
    assertTrue(aside.startsWith("checkpoint latest is damaged: model.data-00000-of-00001 has "
        + bytes / 2 + " bytes where manifest.json records " + bytes + " (cut short); set aside"
        + " to " + damaged.checkpoints().resolve("set-aside/latest-")), aside);
    assertTrue(aside.endsWith(", resuming from " + fallback + " instead (after epoch " + from
        + ")"), aside);
    assertTrue(lines.contains("resuming " + SPEC.name() + " after epoch " + from + " from "
        + damaged.checkpoints().resolve(fallback)), lines::toString);

    ResultsDirectory unbroken = new ResultsDirectory(dir.resolve("unbroken"));
    new Trainer(SPEC, CONFIG, DATA, unbroken, TrainingListener.NONE).run();
    assertEquals(learning(unbroken.readSummary()), learning(damaged.readSummary()));
    assertEquals(unbroken.readTestSummary(), damaged.readTestSummary());
  }

  @Test
  void aRunKilledBetweenSavingLatestAndBestTestsWithTheBestWeights() throws Exception {
    ResultsDirectory unbroken = new ResultsDirectory(dir.resolve("unbroken"));
    int bestEpoch = new Trainer(SPEC, CONFIG, DATA, unbroken, TrainingListener.NONE).run()
        .test().bestEpoch();
    assertTrue(bestEpoch >= 1, "the fixture must improve after epoch 0, best was " + bestEpoch);

    ResultsDirectory killed = new ResultsDirectory(dir.resolve("killed"));
    new Trainer(SPEC, CONFIG.with("epochs", bestEpoch), DATA, killed, TrainingListener.NONE).run();
    Path checkpoints = killed.checkpoints();
    Path staleBest = copyTree(checkpoints.resolve("best"), dir.resolve("stale-best"));
    new Trainer(SPEC, CONFIG.with("epochs", bestEpoch + 1), DATA, killed, TrainingListener.NONE)
        .run();
    // the kill: latest (and the CSVs) name bestEpoch as the best, best still holds an older one
    AtomicFiles.deleteTree(checkpoints.resolve("best"));
    copyTree(staleBest, checkpoints.resolve("best"));

    TrainingOutcome resumed = new Trainer(SPEC, CONFIG, DATA, killed, TrainingListener.NONE)
        .run();
    assertEquals(bestEpoch + 1, resumed.resumedAtEpoch());
    assertEquals(unbroken.readTestSummary(), killed.readTestSummary());
  }

  @Test
  void sameSeedGivesIdenticalMetricsAndGradientFlow() {
    ResultsDirectory a = new ResultsDirectory(dir.resolve("a"));
    ResultsDirectory b = new ResultsDirectory(dir.resolve("b"));
    TrainingConfig twoEpochs = CONFIG.with("epochs", 2);
    String device = new Trainer(SPEC, twoEpochs, DATA, a, TrainingListener.NONE).run().device();
    new Trainer(SPEC, twoEpochs, DATA, b, TrainingListener.NONE).run();
    assertTrue(device.matches("CPU:0(, GPU:\\d+)*"), "read off the first run's trace: " + device);
    assertEquals(learning(a.readSummary()), learning(b.readSummary()));
    assertEquals(a.readGradientFlow(), b.readGradientFlow());
    assertEquals(a.readTestSummary(), b.readTestSummary());
    // what each epoch cost, as far as this machine tells: GPU memory only with a GPU
    for (EpochMetrics m : a.readSummary()) {
      ResourceUse cost = m.resources();
      assertTrue(cost.cpuSeconds().orElseThrow() > 0, cost.toString());
      assertTrue(cost.peakHeapBytes().orElseThrow() > 0, cost.toString());
      assertTrue(cost.tensorFlowBytes().orElseThrow() > 0, cost.toString());
      assertEquals(device.contains("GPU"), cost.gpuBytes().isPresent(), cost.toString());
      if (Files.isReadable(Path.of("/proc/self/status"))) {
        assertTrue(cost.peakRssBytes().orElseThrow() > cost.tensorFlowBytes().getAsLong(),
            cost.toString());
        assertTrue(cost.nativeBytes().isPresent(), cost.toString());
      }
    }
    // and each epoch records every layer's mean update-to-weight ratio, which Adam keeps small
    List<GradientFlowRecord> ratios = a.readGradientFlow().stream()
        .filter(r -> r.statistic() == GradientStatistic.UPDATE_RATIO).toList();
    assertEquals(2 * SPEC.gradientLayerLabels().size(), ratios.size());
    assertTrue(ratios.stream().allMatch(r -> r.value() > 1e-6 && r.value() < 0.5),
        ratios.toString());
  }

  /** The loop's overhead over the bare step, in the run's own account: one line at its end. */
  @Test
  void saysWhatShareOfTheTrainingTimeTheStepTook() {
    List<String> lines = new ArrayList<>();
    new Trainer(SPEC, CONFIG.with("epochs", 2), DATA, new ResultsDirectory(dir),
        new TrainingListener() {
          @Override
          public void info(String message) {
            lines.add(message);
          }
        }).run();
    List<Matcher> shares = lines.stream()
        .map(Pattern.compile("the training step took (\\d+\\.\\d)% of (\\d+\\.\\d) s of"
            + " training; the loop around it \\(batches, augmentation, statistics, progress\\)"
            + " the rest")::matcher)
        .filter(Matcher::matches).toList();
    assertEquals(1, shares.size(), lines::toString);
    double percent = Double.parseDouble(shares.get(0).group(1));
    assertTrue(percent > 0 && percent <= 100, lines::toString);
    assertTrue(Double.parseDouble(shares.get(0).group(2)) > 0, lines::toString);
  }

  @Test
  void evalLimitValidatesAndTestsOnTheFirstImagesOnly() {
    // 30 of the 50 validation and test images: a partial batch of 50, and a subset that, were the
    // limit ignored, would give other metrics than the full sets
    int limit = 30;
    SyntheticDataset firstImages = new SyntheticDataset(DATA.numClasses(), DATA.size(),
        DATA.train(), DATA.validation().limit(limit), DATA.test().limit(limit));
    assertEquals(limit, firstImages.validation().count());
    ResultsDirectory limited = new ResultsDirectory(dir.resolve("limited"));
    ResultsDirectory cut = new ResultsDirectory(dir.resolve("cut"));
    TrainingConfig oneEpoch = CONFIG.with("epochs", 1);
    new Trainer(SPEC, oneEpoch.with("evalLimit", limit), DATA, limited, TrainingListener.NONE).run();
    new Trainer(SPEC, oneEpoch, firstImages, cut, TrainingListener.NONE).run();
    assertEquals(learning(cut.readSummary()), learning(limited.readSummary()));
    assertEquals(cut.readTestSummary(), limited.readTestSummary());
  }

  @Test
  void labelSmoothingChangesTheTrainingLossOnly() {
    TrainingConfig oneEpoch = CONFIG.with("epochs", 1);
    ResultsDirectory plain = new ResultsDirectory(dir.resolve("plain"));
    ResultsDirectory smoothed = new ResultsDirectory(dir.resolve("smoothed"));
    new Trainer(SPEC, oneEpoch, DATA, plain, TrainingListener.NONE).run();
    new Trainer(SPEC, oneEpoch.with("labelSmoothing", 0.3), DATA, smoothed,
        TrainingListener.NONE).run();
    EpochMetrics hard = plain.readSummary().get(0);
    EpochMetrics soft = smoothed.readSummary().get(0);
    // Same weights, batches and seed (a rerun reproduces a run bit for bit): only the targets
    // differ, and near-uniform early predictions make the losses close but not equal.
    assertNotEquals(hard.trainLoss(), soft.trainLoss());
    assertNotEquals(plain.readGradientFlow(), smoothed.readGradientFlow());
  }

  /** Where the CPU has bfloat16 arithmetic; elsewhere EngineOptionsTest checks the refusal. */
  @Test
  void bfloat16RoundsTheSameGradientsAndTrains() {
    assumeTrue(Cpu.thisMachine().hasBfloat16() && !EngineOptions.GpuKernels.PRESENT,
        "no bfloat16 on " + Cpu.thisMachine().describe());
    TrainingConfig bfloat16 = CONFIG.with("bfloat16", true);
    List<GradientFlowRecord> exact = GradientFlowProbe.atInitialisation(SPEC, CONFIG, DATA, 1);
    List<GradientFlowRecord> rounded = GradientFlowProbe.atInitialisation(SPEC, bfloat16, DATA,
        1);
    // the same weights and batch: bfloat16 keeps 8 of float32's 24 bits, so the rewrite ran
    // when the gradients differ, and rounded them when they differ by little (under 1% here;
    // TF's wrong bfloat16 convolution of 3 input channels made it 20-30%, or NaN)
    assertNotEquals(exact, rounded);
    for (int i = 0; i < exact.size(); i++) {
      double g = exact.get(i).value();
      assertEquals(g, rounded.get(i).value(), 0.03 * g, exact.get(i).toString());
    }
    ResultsDirectory trained = new ResultsDirectory(dir.resolve("bfloat16"));
    new Trainer(SPEC, bfloat16.with("epochs", 2), DATA, trained, TrainingListener.NONE).run();
    List<EpochMetrics> epochs = trained.readSummary();
    assertTrue(epochs.get(1).trainLoss() < epochs.get(0).trainLoss(), epochs::toString);
  }

  @Test
  void aNonFiniteLossOrGradientStopsTheRunAtThatEpochKeepingItsRows() {
    ResultsDirectory results = new ResultsDirectory(dir.resolve("diverged"));
    new Trainer(SPEC, CONFIG.with("epochs", 1), DATA, results, TrainingListener.NONE).run();
    TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(SPEC, CONFIG.with("epochs", 3).with("learningRate", 1e6), DATA,
            new ResultsDirectory(dir.resolve("diverged")), TrainingListener.NONE).run());
    Divergence divergence = diverged.divergence();
    // epoch 0 was trained at 3e-3 and checkpointed; 1e6 blows up within epoch 1
    assertEquals(1, divergence.epoch());
    assertTrue(divergence.step() >= 1 && divergence.step() <= 2, divergence.describe());
    String firstLayer = divergence.firstLayer().orElseThrow();
    assertTrue(SPEC.gradientLayerLabels().contains(firstLayer), firstLayer);
    assertEquals(List.of(0, 1), results.readSummary().stream().map(EpochMetrics::epoch).toList());
    assertTrue(Double.isNaN(results.readSummary().get(1).trainLoss())
        || results.readGradientFlow().stream().anyMatch(r -> r.epoch() == 1
            && !Double.isFinite(r.value())), "the diverged epoch's rows show it");
    assertTrue(Files.isDirectory(results.checkpoints().resolve("latest")), "checkpoints kept");
  }

  @Test
  void aStopRequestEndsTrainingAtTheNextStepAndSaysWhereItResumes() {
    StopRequest stop = new StopRequest();
    ResultsDirectory results = new ResultsDirectory(dir.resolve("stopped"));
    TrainingStoppedException stopped = assertThrows(TrainingStoppedException.class,
        () -> new Trainer(SPEC, CONFIG, DATA, results, new TrainingListener() {
          @Override
          public void progress(TrainingProgress p) {
            if (p.epoch() == 1 && p.step() == 1) stop.request("SIGTERM");
          }
        }, stop).run());
    assertEquals("SIGTERM", stopped.getMessage());
    assertEquals(1, stopped.epoch());
    assertEquals(1, stopped.step());
    assertEquals(0, stopped.lastCompletedEpoch());
    assertEquals(List.of(0), results.readSummary().stream().map(EpochMetrics::epoch).toList());
  }

  @Test
  void aFullDiskDuringACheckpointSaysSoInsteadOfTensorFlowsMemoryHint() {
    Path target = dir.resolve("checkpoints/latest");
    // what TensorFlow 2.18 throws when session.save meets ENOSPC
    RuntimeException full = Checkpoints.noSpaceLeft(new TFResourceExhaustedException(target
        + ".partial/model.data-00000-of-00001.tempstate1; No space left on device\n\t [[{{node"
        + " save/Save}}]]\nHint: If you want to see a list of allocated tensors when OOM happens,"
        + " add report_tensor_allocations_upon_oom to RunOptions"), target);
    assertEquals("no space left on " + dir.resolve("checkpoints") + " while writing checkpoint "
        + target + ": free some space, then rerun; training resumes from the last complete"
        + " checkpoint", full.getMessage());
    TFResourceExhaustedException memory = new TFResourceExhaustedException("OOM when allocating");
    assertEquals(memory, Checkpoints.noSpaceLeft(memory, target), "real OOMs stay as they are");
  }

  @Test
  void probeMeasuresEveryLayerAtInitialisationWithoutTraining() {
    List<GradientFlowRecord> rows = GradientFlowProbe.atInitialisation(SPEC, CONFIG, DATA, 2);
    assertEquals(3 * SPEC.gradientLayerLabels().size(), rows.size());
    assertTrue(rows.stream().allMatch(r -> r.epoch() == GradientFlowProbe.AT_INITIALISATION));
    assertTrue(rows.stream().allMatch(r -> r.value() > 0 && Double.isFinite(r.value())));
    assertEquals(SPEC.gradientLayerLabels(), rows.stream()
        .filter(r -> r.statistic() == GradientStatistic.LAST_BATCH_MEAN_ABS)
        .map(GradientFlowRecord::layer).toList());
  }

  private static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
    return to;
  }

  /** The rows without wall-clock columns. */
  private static List<List<Double>> learning(List<EpochMetrics> rows) {
    return rows.stream().map(m -> List.of((double) m.epoch(), m.learningRate(), m.trainLoss(),
        m.trainAccuracy(), m.validationLoss(), m.validationAccuracy())).toList();
  }
}
