package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.Environments;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.run.RunDecision.Action;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunDecisionTest {

  private static final ExperimentDefinition VGG08 = new ExperimentDefinition("vgg08", "VGG08",
      ModelSpec.vgg08(), TrainingConfig.reference());

  private static ExperimentRecord record(ExperimentDefinition e, ExperimentRecord.Status status) {
    return e.record(status, "cifar100", "abc", "0.1.0", Environments.of(Map.of("device", "cpu")));
  }

  @Test
  void noEarlierResultsTrain() {
    assertEquals(Action.TRAIN, RunDecision.decide(Optional.empty(),
        record(VGG08, ExperimentRecord.Status.RUNNING), false).action());
  }

  @Test
  void finishedResultsWithTheSameFingerprintAreSkippedUnlessForced() {
    ExperimentRecord planned = record(VGG08, ExperimentRecord.Status.RUNNING);
    // The label and environment are not part of what a run computes.
    ExperimentRecord earlier = new ExperimentDefinition("vgg08", "renamed", VGG08.model(),
        VGG08.training()).record(ExperimentRecord.Status.FINISHED, "cifar100", "abc", "0.1.0",
            Environments.of(Map.of("device", "gpu")));
    RunDecision skip = RunDecision.decide(Optional.of(earlier), planned, false);
    assertEquals(Action.SKIP, skip.action());
    assertEquals("up to date: finished results carry fingerprint "
        + planned.fingerprint().substring(0, 12), skip.reason());
    assertEquals(new RunDecision(Action.RESTART, "vgp.force is set"),
        RunDecision.decide(Optional.of(earlier), planned, true));
  }

  @Test
  void anInterruptedRunOfTheSameConfigurationResumes() {
    ExperimentRecord planned = record(VGG08, ExperimentRecord.Status.RUNNING);
    assertEquals(Action.RESUME,
        RunDecision.decide(Optional.of(planned), planned, false).action());
  }

  @Test
  void anInterruptedRunResumesAndADivergedOneStartsOverNeverSkipped() {
    ExperimentRecord planned = record(VGG08, ExperimentRecord.Status.RUNNING);
    assertEquals(Action.RESUME, RunDecision.decide(Optional.of(
        record(VGG08, ExperimentRecord.Status.INTERRUPTED)), planned, false).action());
    ExperimentRecord diverged = record(VGG08, ExperimentRecord.Status.DIVERGED).withStatus(
        ExperimentRecord.Status.DIVERGED, ExperimentRecord.Environment.NONE.diverged(
            "in epoch 4 at step 2: loss NaN", Instant.now()));
    assertEquals(new RunDecision(Action.RESTART, "the earlier run diverged (in epoch 4 at step 2:"
            + " loss NaN); it is trained again from the start"),
        RunDecision.decide(Optional.of(diverged), planned, false));
  }

  @Test
  void aChangedConfigurationRestartsAndSaysWhatChanged() {
    ExperimentRecord earlier = record(VGG08, ExperimentRecord.Status.FINISHED);
    ExperimentDefinition longer = new ExperimentDefinition("vgg08", "VGG08", VGG08.model(),
        VGG08.training().with("epochs", 3).with("learningRate", 1e-2));
    ExperimentRecord planned = longer.record(ExperimentRecord.Status.RUNNING, "cifar100", "def",
        "0.1.0", ExperimentRecord.Environment.NONE);
    assertEquals(new RunDecision(Action.RESTART, "the configuration changed since the earlier"
            + " run (training.learningRate: 0.001 -> 0.01; training.epochs: 100 -> 3;"
            + " dataChecksum: abc -> def)"),
        RunDecision.decide(Optional.of(earlier), planned, false));
  }
}
