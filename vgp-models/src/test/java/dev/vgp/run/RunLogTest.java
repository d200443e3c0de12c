package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.files.RecordingSink;
import dev.vgp.files.Durations;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ResourceUse;
import dev.vgp.train.TrainingProgress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunLogTest {

  private final RecordingSink sink = new RecordingSink();
  private final List<String> lines = sink.lines;
  private long now;

  private static TrainingProgress step(int step) {
    return new TrainingProgress(2, 100, step, 475, 1.23456, 0.4567, 412.3,
        Duration.ofMinutes(75).plusSeconds(30));
  }

  @Test
  void stepProgressIsLoggedAtMostOncePerIntervalButEveryEpochIs() {
    RunLog run = new RunLog(sink, Duration.ofSeconds(10), () -> now);
    run.progress(step(48));
    now += Duration.ofSeconds(9).toNanos();
    run.progress(step(96));
    now += Duration.ofSeconds(1).toNanos();
    run.progress(step(144));
    run.epochFinished(new EpochMetrics(2, 9.9e-4, 1.2, 0.45, 1.5, 0.4, 118.4, 401,
        ResourceUse.UNMEASURED), 100,
        Duration.ofSeconds(3 * 3600 + 125));

    assertEquals(List.of(
        "epoch 3/100 step 48/475: loss 1.2346, accuracy 45.67%, 412 images/s, 1 h 15 min left",
        "epoch 3/100 step 144/475: loss 1.2346, accuracy 45.67%, 412 images/s, 1 h 15 min left",
        "epoch 3/100 done: train loss 1.2000, accuracy 45.00%; validation loss 1.5000, accuracy"
            + " 40.00%; lr 0.000990; 118.4 s, 401 images/s; 3 h 02 min left"), lines);
  }

  @Test
  void eachLineKeepsItsLevel() {
    RunLog run = new RunLog(sink, Duration.ZERO);
    run.info("TensorFlow placed the ops on CPU:0");
    run.warn("a diverged in epoch 1; vgp.failOnDivergence is false");
    run.error("disk full");
    run.debug("oneDNN on");
    assertEquals(List.of("TensorFlow placed the ops on CPU:0",
        "warn: a diverged in epoch 1; vgp.failOnDivergence is false", "error: disk full",
        "debug: oneDNN on"), lines);
  }

  @Test
  void durationsReadAsAPersonWouldSayThem() {
    assertEquals("12 s", Durations.describe(Duration.ofSeconds(12)));
    assertEquals("4 min 10 s", Durations.describe(Duration.ofSeconds(250)));
    assertEquals("2 h 05 min", Durations.describe(Duration.ofMinutes(125)));
    assertEquals("0 s", Durations.describe(Duration.ofSeconds(-3)));
  }
}
