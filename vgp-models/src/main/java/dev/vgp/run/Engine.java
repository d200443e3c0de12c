package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.train.StopRequest;
import dev.vgp.train.Trainer;
import dev.vgp.train.TrainingDivergedException;
import dev.vgp.train.TrainingListener;
import dev.vgp.train.TrainingOutcome;
import dev.vgp.train.TrainingStoppedException;

/** Trains one experiment: TensorFlow in production, a fake in tests of the orchestration. */
public interface Engine {

  /**
   * @param stop polled between steps
   * @throws TrainingDivergedException when the loss or a gradient becomes NaN or infinite
   * @throws TrainingStoppedException when {@code stop} was requested
   */
  TrainingOutcome train(ExperimentDefinition experiment, Dataset data, ResultsDirectory results,
      TrainingListener listener, StopRequest stop);

  /** The version of what computes, recorded in experiment.json as tensorflowVersion. */
  String version();

  /** The engine of dev.vgp.train: {@link Trainer} on TensorFlow Java. */
  static Engine tensorFlow() {
    return new Engine() {
      @Override
      public TrainingOutcome train(ExperimentDefinition experiment, Dataset data,
          ResultsDirectory results, TrainingListener listener, StopRequest stop) {
        return new Trainer(experiment.model(), experiment.training(), data, results, listener,
            stop).run();
      }

      @Override
      public String version() {
        return org.tensorflow.TensorFlow.version();
      }
    };
  }
}
