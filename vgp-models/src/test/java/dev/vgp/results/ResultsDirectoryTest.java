package dev.vgp.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.files.Json;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDirectoryTest {

  @TempDir Path dir;

  @Test
  void csvFilesRoundTripIncludingNonFiniteGradients() {
    ResultsDirectory results = new ResultsDirectory(dir);
    ResourceUse cost = new ResourceUse(OptionalDouble.of(21.5), OptionalLong.of(1L << 31),
        OptionalLong.of(300L << 20), OptionalLong.of(900L << 20), OptionalLong.of(200L << 20),
        OptionalLong.empty());
    List<EpochMetrics> summary = List.of(new EpochMetrics(0, 1e-3, 4.6, 0.01, 4.6, 0.01, 12.5,
        400, cost), new EpochMetrics(1, 9e-4, 3.9, 0.1, 4.0, 0.09, 12.0, 410,
        ResourceUse.UNMEASURED));
    results.writeSummary(summary);
    assertEquals(summary, results.readSummary());
    assertEquals(new ResourceUse(OptionalDouble.of(21.5), OptionalLong.of(1L << 31),
        OptionalLong.of(300L << 20), OptionalLong.of(900L << 20), OptionalLong.of(200L << 20),
        OptionalLong.empty()), ResourceUse.ofRun(summary), "the one measured epoch");

    List<GradientFlowRecord> flow = List.of(
        new GradientFlowRecord(0, 0, "input_conv_conv_0", GradientStatistic.LAST_BATCH_MEAN_ABS,
            1e-19),
        new GradientFlowRecord(0, 1, "input_conv_bn_0", GradientStatistic.LAST_BATCH_L2,
            Double.NaN));
    results.writeGradientFlow(flow);
    assertEquals(flow, results.readGradientFlow());

    results.writeTestSummary(new TestMetrics(1, 3.95, 0.11));
    assertEquals(new TestMetrics(1, 3.95, 0.11), results.readTestSummary().orElseThrow());
  }

  @Test
  void aSummaryWrittenBeforeVgpMeasuredTheCostReadsAsUnmeasured() throws Exception {
    Files.writeString(dir.resolve(ResultsDirectory.SUMMARY), """
        epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_sec
        0,0.001,4.6,0.01,4.6,0.01,12.5,400.0
        """);
    assertEquals(List.of(new EpochMetrics(0, 1e-3, 4.6, 0.01, 4.6, 0.01, 12.5, 400,
        ResourceUse.UNMEASURED)), new ResultsDirectory(dir).readSummary());
  }

  @Test
  void aDamagedFileIsReportedAtItsFileLineAndARunsFilesMustAgree() throws Exception {
    ResultsDirectory results = new ResultsDirectory(dir);
    ExperimentRecord record = new ExperimentRecord("a", "A", ExperimentRecord.Status.FINISHED,
        ModelSpec.vgg08(), TrainingConfig.reference().with("epochs", 2), "cifar100", "abc", "0.1.0",
        ExperimentRecord.Environment.NONE);
    results.writeSummary(List.of(new EpochMetrics(0, 1e-3, 4.6, 0.01, 4.6, 0.01, 12.5, 400,
        ResourceUse.UNMEASURED), new EpochMetrics(1, 9e-4, 3.9, 0.1, 4.0, 0.09, 12.0, 410,
        ResourceUse.UNMEASURED)));
    results.writeGradientFlow(List.of(new GradientFlowRecord(0, 0, "input_conv_conv_0",
        GradientStatistic.LAST_BATCH_MEAN_ABS, 0.1), new GradientFlowRecord(1, 0,
        "input_conv_conv_0", GradientStatistic.LAST_BATCH_MEAN_ABS, 0.1)));
    results.writeTestSummary(new TestMetrics(1, 3.95, 0.11));
    assertEquals(List.of(), results.damage(record));

    // the second data row is the file's third line (the header is line 1)
    Path summary = results.file(ResultsDirectory.SUMMARY);
    Files.writeString(summary, Files.readString(summary).replace("3.9", "3.x9"));
    DamagedResultsException damaged = assertThrows(DamagedResultsException.class,
        results::readSummary);
    assertTrue(damaged.getMessage().startsWith(summary + " line 3 is malformed: "),
        damaged.getMessage());
    Files.delete(results.file(ResultsDirectory.TEST_SUMMARY));
    assertEquals(List.of(damaged.getMessage(), "no test metrics in "
        + results.file(ResultsDirectory.TEST_SUMMARY)), results.damage(record));

    Files.writeString(summary, Files.readString(summary).replace("3.x9", "3.9"));
    ExperimentRecord threeEpochs = new ExperimentRecord("a", "A", ExperimentRecord.Status.FINISHED,
        ModelSpec.vgg08(), TrainingConfig.reference().with("epochs", 3), "cifar100", "abc", "0.1.0",
        ExperimentRecord.Environment.NONE);
    assertEquals(List.of(ResultsDirectory.SUMMARY + " holds epochs [0, 1] instead of the 3"
            + " planned (0 to 2)", ResultsDirectory.GRADIENT_FLOW + " holds epochs [0, 1]"
            + " instead of the 3 planned", "no test metrics in "
            + results.file(ResultsDirectory.TEST_SUMMARY)), results.damage(threeEpochs));
  }

  @Test
  void aTruncatedExperimentJsonSaysWhatHappened() throws Exception {
    Files.writeString(dir.resolve(ResultsDirectory.EXPERIMENT), "{\"id\": \"a\", \"lab");
    DamagedResultsException damaged = assertThrows(DamagedResultsException.class,
        () -> new ResultsDirectory(dir).readExperiment());
    // the parser's own words in between depend on the JSON library
    assertTrue(damaged.getMessage().startsWith(dir.resolve(ResultsDirectory.EXPERIMENT)
        + " is malformed ("), damaged.getMessage());
    assertTrue(damaged.getMessage().endsWith("): vgp writes it whole, so it was cut short or"
        + " edited"), damaged.getMessage());
  }

  @Test
  void missingFilesReadAsEmptyAndNoTemporaryFilesStay() throws Exception {
    ResultsDirectory results = new ResultsDirectory(dir.resolve("fresh"));
    assertTrue(results.readSummary().isEmpty());
    assertTrue(results.readTestSummary().isEmpty());
    assertTrue(results.readExperiment().isEmpty());
    results.writeTestSummary(new TestMetrics(0, 1, 0.5));
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(results.file(ResultsDirectory.TEST_SUMMARY))));
    try (var files = Files.list(results.root())) {
      assertEquals(List.of("test_summary.csv"),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void experimentRecordRoundTripsAndFingerprintTracksWhatIsComputed() {
    ModelSpec model = ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
        .with("residual", true).with("name", "VGG38 BN + RC");
    ExperimentRecord record = new ExperimentRecord("vgg38-bn-rc-1e-2", "VGG38 BN + RC",
        ExperimentRecord.Status.RUNNING, model, TrainingConfig.reference().with("learningRate", 1e-2),
        "cifar100", "03b5dce01913d631647c71ecec9e9cb8", "0.1.0",
        Environments.of(Map.of("device", "/device:CPU:0")));
    ResultsDirectory results = new ResultsDirectory(dir);
    results.writeExperiment(record);
    ExperimentRecord read = results.readExperiment().orElseThrow();
    assertEquals(record, read);
    assertEquals(338_500, read.parameters());

    ExperimentRecord finished = record.withStatus(ExperimentRecord.Status.FINISHED,
        record.environment().finished("/device:CPU:0", -1, Instant.parse("2026-11-27T12:00:00Z")));
    assertEquals(finished, Json.read(Json.write(finished), ExperimentRecord.class));
    assertEquals(record.fingerprint(), finished.fingerprint());
    ExperimentRecord otherLr = new ExperimentRecord(record.id(), record.label(), record.status(),
        model, record.training().with("learningRate", 1e-3), record.dataset(),
        record.dataChecksum(), record.vgpVersion(), record.environment());
    assertNotEquals(record.fingerprint(), otherLr.fingerprint());
    ExperimentRecord subsetEvaluated = new ExperimentRecord(record.id(), record.label(),
        record.status(), model, record.training().with("evalLimit", 500), record.dataset(),
        record.dataChecksum(), record.vgpVersion(), record.environment());
    assertNotEquals(record.fingerprint(), subsetEvaluated.fingerprint());
    ResultsDirectory subset = new ResultsDirectory(dir.resolve("subset"));
    subset.writeExperiment(subsetEvaluated);
    assertEquals(subsetEvaluated, subset.readExperiment().orElseThrow());
  }
}
