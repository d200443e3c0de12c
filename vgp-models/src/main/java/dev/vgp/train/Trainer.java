package dev.vgp.train;

import dev.vgp.data.Batch;
import dev.vgp.data.BatchPipeline.BatchStream;
import dev.vgp.data.BatchPipeline;
import dev.vgp.data.Dataset;
import dev.vgp.data.ImageSet;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TensorBoardLog;
import dev.vgp.results.TestMetrics;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains one experiment into its results directory, as the reference does: per epoch the
 * learning rate from the schedule, Adam over shuffled augmented batches, the gradient flow,
 * validation in inference mode, {@code summary.csv} (with what the epoch cost), {@code
 * gradient_flow.csv} and an event in the TensorBoard log (with the last step's gradient
 * histograms), then the {@code latest} checkpoint (and {@code best} when validation accuracy
 * improved). Finally the test set is evaluated with the best weights.
 *
 * <p>A run that finds checkpoints continues after the epoch of the newest intact one (normally
 * {@code latest}); rows of later epochs are dropped and recomputed (their TensorBoard events too),
 * so a crash between writing the CSVs and the checkpoint costs one epoch, never a duplicate row
 * or step.
 */
public final class Trainer {

  private final ModelSpec spec;
  private final TrainingConfig config;
  private final Dataset data;
  private final ResultsDirectory results;
  private final TrainingListener listener;
  private final StopRequest stop;

  public Trainer(ModelSpec spec, TrainingConfig config, Dataset data, ResultsDirectory results,
      TrainingListener listener) {
    this(spec, config, data, results, listener, new StopRequest());
  }

  /** @param stop polled between steps: when requested, training stops there */
  public Trainer(ModelSpec spec, TrainingConfig config, Dataset data, ResultsDirectory results,
      TrainingListener listener, StopRequest stop) {
    this.spec = spec;
    this.config = config;
    this.data = data;
    this.results = results;
    this.listener = listener;
    this.stop = stop;
  }

  /**
   * Trains the remaining epochs and tests the best weights.
   *
   * @throws TrainingDivergedException when a step's loss or gradient is NaN or infinite: that
   *     epoch's rows are written up to that step, nothing more is trained
   * @throws TrainingStoppedException when {@link StopRequest} asked, at the next step boundary
   */
  public TrainingOutcome run() {
    requireCompatible(spec, config, data);
    ImageSet train = data.train().limit(config.trainLimit());
    ImageSet validationSet = data.validation().limit(config.evalLimit());
    Checkpoints checkpoints = new Checkpoints(results.checkpoints());
    try (TrainingSession session = new TrainingSession(spec, data.normalization(), config,
        EngineOptions.forModel(spec, config.bfloat16()))) {
      String device = session.device();
      listener.info("TensorFlow placed the ops on " + device);
      EngineOptions.deviceAdvice(device).ifPresent(listener::info);
      Optional<Checkpoints.Saved> resumed = resumePoint(checkpoints);
      Checkpoints.State state = new Checkpoints.State(-1, -1, Double.NEGATIVE_INFINITY, 0);
      if (resumed.isPresent()) {
        state = resumed.get().state();
        session.restore(resumed.get().modelPrefix(), state.adamSteps());
        listener.info("resuming " + spec.name() + " after epoch " + state.epoch() + " from "
            + resumed.get().directory());
        // latest is saved before best: a run killed between the two left best behind an epoch
        // that latest records as the best, and whose weights it holds
        if (state.bestEpoch() == state.epoch() && checkpoints.load(Checkpoints.BEST)
            .map(best -> best.state().epoch()).orElse(-1) != state.epoch()) {
          checkpoints.save(Checkpoints.BEST, session::save, state);
        }
      }
      int start = state.epoch() + 1;
      List<EpochMetrics> summary = new ArrayList<>(
          results.readSummary().stream().filter(m -> m.epoch() < start).toList());
      List<GradientFlowRecord> flow = new ArrayList<>(
          results.readGradientFlow().stream().filter(r -> r.epoch() < start).toList());
      TensorBoardLog tensorBoard = TensorBoardLog.continueAt(results, start);
      listener.info("TensorBoard: tensorboard --logdir "
          + results.root().toAbsolutePath().getParent() + " (this run: " + tensorBoard.file()
          + ")");
      long runStart = System.nanoTime();
      double trainingSecondsOfRun = 0;
      double stepSecondsOfRun = 0;
      for (int epoch = start; epoch < config.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        ResourceMeter meter = ResourceMeter.start();
        double lr = config.learningRateAt(epoch);
        EpochStatistics epochStats = trainEpoch(session, train, epoch, lr, runStart, start);
        double trainingSeconds = (System.nanoTime() - epochStart) / 1e9;
        trainingSecondsOfRun += trainingSeconds;
        stepSecondsOfRun += epochStats.stepSeconds();
        double[] validation = evaluate(session, validationSet);
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        // images/s is the training throughput, as documented; validation time is in seconds only
        EpochMetrics metrics = new EpochMetrics(epoch, lr, epochStats.meanLoss(),
            epochStats.meanAccuracy(), validation[0], validation[1], seconds,
            epochStats.images() / trainingSeconds, meter.stop(epochStats.lastStepTrace()));
        summary.add(metrics);
        List<GradientFlowRecord> epochFlow = epochStats.gradientFlow(epoch);
        flow.addAll(epochFlow);
        results.writeSummary(summary);
        results.writeGradientFlow(flow);
        tensorBoard.append(metrics, epochFlow, epochStats.histograms());
        // NaN weights are no checkpoint to resume from: latest stays at the last healthy epoch
        Optional<Divergence> divergence = epochStats.divergence(epoch);
        if (divergence.isPresent()) throw new TrainingDivergedException(divergence.get());
        boolean improved = metrics.validationAccuracy() > state.bestValidationAccuracy();
        state = new Checkpoints.State(epoch, improved ? epoch : state.bestEpoch(),
            Math.max(metrics.validationAccuracy(), state.bestValidationAccuracy()),
            session.adamSteps());
        // latest first, so that whatever a kill leaves on disk, latest's state is the record
        checkpoints.save(Checkpoints.LATEST, session::save, state);
        if (improved) checkpoints.save(Checkpoints.BEST, session::save, state);
        double secondsPerEpoch = (System.nanoTime() - runStart) / 1e9 / (epoch - start + 1);
        listener.epochFinished(metrics, config.epochs(),
            seconds(secondsPerEpoch * (config.epochs() - epoch - 1)));
      }
      if (trainingSecondsOfRun > 0) {
        listener.info(String.format(Locale.ROOT, "the training step took %.1f%% of %.1f s of"
                + " training; the loop around it (batches, augmentation, statistics, progress)"
                + " the rest", 100 * stepSecondsOfRun / trainingSecondsOfRun,
            trainingSecondsOfRun));
      }
      TestMetrics test = test(session, checkpoints);
      results.writeTestSummary(test);
      return new TrainingOutcome(List.copyOf(summary), test, resumed.isPresent() ? start : -1,
          device);
    }
  }

  /**
   * The checkpoint to resume from: the newest intact one. Those passed over (damaged, or newer
   * but without their best weights) are set aside, each with a line that names what is wrong.
   *
   * @throws IllegalStateException when checkpoints were written but none is intact: a rerun sets
   *     the run aside and starts over (the runner decides so before training)
   */
  private Optional<Checkpoints.Saved> resumePoint(Checkpoints checkpoints) {
    Checkpoints.ResumePoint resume = checkpoints.resumePoint();
    if (resume.checkpoint().isEmpty() && !resume.passedOver().isEmpty()) {
      throw new IllegalStateException(Checkpoints.nothingToResumeFrom(results.checkpoints())
          .orElseThrow() + ". Rerun: the run is set aside and starts over");
    }
    for (Checkpoints.PassedOver passedOver : resume.passedOver()) {
      Path aside = checkpoints.setAside(passedOver);
      listener.info("checkpoint " + passedOver.name() + " " + passedOver.reason()
          + "; set aside to " + aside + ", resuming from " + resume.checkpoint().get().name()
          + " instead (after epoch " + resume.checkpoint().get().state().epoch() + ")");
    }
    return resume.checkpoint();
  }

  /** Rejects a model, configuration or dataset that do not fit, naming every problem. */
  static void requireCompatible(ModelSpec spec, TrainingConfig config, Dataset data) {
    List<String> problems = new ArrayList<>(spec.problems());
    problems.addAll(config.problems());
    ImageSet sample = data.train();
    if (spec.numClasses() != data.numClasses() || spec.inputChannels() != sample.channels()
        || spec.imageSize() != sample.height() || spec.imageSize() != sample.width()) {
      problems.add(String.format("model %s expects %dx%dx%d images in %d classes but %s has"
          + " %dx%dx%d in %d; use ModelSpec.forData(%d, %d, %d)", spec.name(), spec.imageSize(),
          spec.imageSize(), spec.inputChannels(), spec.numClasses(), data.name(),
          sample.height(), sample.width(), sample.channels(), data.numClasses(),
          sample.channels(), sample.height(), data.numClasses()));
    }
    if (sample.count() == 0) problems.add(data.name() + " has no training images");
    if (data.validation().count() == 0) problems.add(data.name() + " has no validation images");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot train " + spec.name() + " on " + data.name()
          + ": " + String.join("; ", problems));
    }
  }

  private EpochStatistics trainEpoch(TrainingSession session, ImageSet train, int epoch,
      double lr, long runStart, int firstEpochOfRun) {
    EpochStatistics stats = new EpochStatistics(session.layerLabels());
    long epochStart = System.nanoTime();
    try (BatchStream batches = BatchPipeline.training(train, config.batchSize(), config.seed(),
        epoch, config.augment())) {
      int steps = batches.batches();
      int reportEvery = Math.max(1, steps / 10);
      while (batches.hasNext()) {
        Optional<String> stopReason = stop.reason();
        if (stopReason.isPresent()) {
          throw new TrainingStoppedException(stopReason.get(), epoch, stats.steps(), steps,
              epoch - 1);
        }
        Batch batch = batches.next();
        long stepStart = System.nanoTime();
        StepStatistics measured;
        if (stats.steps() == steps - 1) {
          TrainingSession.ObservedStep last = session.trainObserved(batch, lr);
          stats.observe(last);
          measured = last.statistics();
        } else {
          measured = session.train(batch, lr);
        }
        stats.addStepTime(System.nanoTime() - stepStart);
        stats.add(measured);
        // once a step is NaN every later one is: stop the epoch there, its rows tell the story
        if (stats.diverged()) break;
        int step = stats.steps();
        if (step % reportEvery == 0 || step == steps) {
          double elapsed = (System.nanoTime() - epochStart) / 1e9;
          double runSeconds = (System.nanoTime() - runStart) / 1e9;
          long stepsDone = (long) (epoch - firstEpochOfRun) * steps + step;
          long stepsLeft = (long) (config.epochs() - epoch) * steps - step;
          listener.progress(new TrainingProgress(epoch, config.epochs(), step, steps,
              stats.meanLoss(), stats.meanAccuracy(), stats.images() / elapsed,
              seconds(runSeconds / stepsDone * stepsLeft)));
        }
      }
    }
    return stats;
  }

  private double[] evaluate(TrainingSession session, ImageSet set) {
    try (BatchStream batches = BatchPipeline.inOrder(set, config.batchSize())) {
      return session.evaluate(batches);
    }
  }

  private TestMetrics test(TrainingSession session, Checkpoints checkpoints) {
    Checkpoints.Saved best = checkpoints.load(Checkpoints.BEST).orElseThrow(() ->
        new IllegalStateException("no best checkpoint under " + results.checkpoints()
            + " although training finished; delete the directory and train again"));
    session.restore(best.modelPrefix(), best.state().adamSteps());
    double[] test = evaluate(session, data.test().limit(config.evalLimit()));
    listener.info(String.format("test with the weights of epoch %d: loss %.4f, accuracy %.2f%%",
        best.state().epoch(), test[0], 100 * test[1]));
    return new TestMetrics(best.state().epoch(), test[0], test[1]);
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
