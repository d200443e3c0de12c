package dev.vgp.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.files.Json;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** experiment.json and fingerprints stay what vgp 0.1 wrote, so finished runs stay up to date. */
class ExperimentRecordTest {

  private static final ExperimentRecord BN_RC = new ExperimentRecord("vgg38-bn-rc-1e-2",
      "VGG38 BN + RC", ExperimentRecord.Status.FINISHED,
      ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)
          .with("residual", true),
      TrainingConfig.reference().with("learningRate", 1e-2), "cifar-100",
      "03b5dce01913d631647c71ecec9e9cb8", "0.1.0-SNAPSHOT",
      Environments.of(Map.of("device", "/job:localhost/replica:0/task:0/device:CPU:0")));

  /** Fingerprints computed by vgp 0.1's hand-written JSON, before Jackson. */
  @Test
  void fingerprintsAreThoseVgp01Computed() {
    assertEquals("5a58888d239862900582e9253caff708c9432f54adb646eb64d09f4c1186d3a4",
        BN_RC.fingerprint());
    ExperimentRecord quick = new ExperimentRecord("vgg08-1e-3", "VGG08",
        ExperimentRecord.Status.FINISHED,
        ModelSpec.vgg08().forData(1, 28, 10), TrainingConfig.reference().with("epochs", 2)
            .with("trainLimit", 2000).with("evalLimit", 500),
        "fashion-mnist", "abc", "0.1.0-SNAPSHOT", ExperimentRecord.Environment.NONE);
    assertEquals("2b2ec4d03de538c0eb62f676d2f50c2629f6c38093e4a62d47738c5f7d2ac7bd",
        quick.fingerprint());
  }

  /** A setting added after 0.1 enters the fingerprint only when switched on. */
  @ParameterizedTest
  @MethodSource("settingsAddedAfter01")
  void aSettingAddedAfter01ChangesTheFingerprintOnlyWhenOn(String setting, Object on) {
    ExperimentRecord switchedOn = new ExperimentRecord(BN_RC.id(), BN_RC.label(),
        BN_RC.status(), BN_RC.model(), BN_RC.training().with(setting, on), BN_RC.dataset(),
        BN_RC.dataChecksum(), BN_RC.vgpVersion(), BN_RC.environment());
    assertNotEquals(BN_RC.fingerprint(), switchedOn.fingerprint());
    assertEquals(on, switchedOn.fingerprinted().get("training") instanceof Map<?, ?> training
        ? training.get(setting) : null);
    assertFalse(((Map<?, ?>) BN_RC.fingerprinted().get("training")).containsKey(setting));
    assertEquals(switchedOn, Json.read(Json.write(switchedOn), ExperimentRecord.class));
  }

  static Stream<Arguments> settingsAddedAfter01() {
    return Stream.of(Arguments.of("labelSmoothing", 0.1), Arguments.of("bfloat16", true));
  }

  @Test
  void anExperimentJsonOfVgp01ReadsAndIsWrittenByteForByte() throws IOException {
    String written01 = resource("experiment-0.1.json");
    assertEquals(BN_RC, Json.read(written01, ExperimentRecord.class));
    // settings added since 0.1 are written too, each at its off value
    assertEquals(written01, Json.write(BN_RC).replace(",\n    \"labelSmoothing\": 0.0", "")
        .replace(",\n    \"branchInit\": \"none\"", "")
        .replace(",\n    \"bfloat16\": false", ""));
  }

  @Test
  void anExperimentJsonWrittenBeforeEvalLimitExistedReadsAsEvaluatedOnAll() throws IOException {
    String withoutEvalLimit = resource("experiment-0.1.json")
        .replace(",\n    \"evalLimit\": 0", "");
    assertEquals(BN_RC, Json.read(withoutEvalLimit, ExperimentRecord.class));
  }

  /**
   * experiment.json as vgp wrote it while its environment was a map of strings (the running,
   * finished, resumed, stopped, failed and diverged runs of a fake engine; finished.json is
   * VGG38's of the Fashion-MNIST quick profile): each reads into typed fields, keeps its
   * fingerprint, so its run stays up to date, and reads back as written.
   */
  @Test
  void filesOfTheUntypedEnvironmentReadIntoTypedFieldsWithTheirFingerprints() throws IOException {
    Map<String, ExperimentRecord> read = new LinkedHashMap<>();
    for (String state : List.of("running", "finished", "resumed", "stopped", "failure",
        "diverged")) {
      String text = resource("untyped-environment/" + state + ".json");
      ExperimentRecord record = Json.read(text, ExperimentRecord.class);
      String pinned = text.replaceAll("(?s).*\"fingerprint\": \"(\\w+)\".*", "$1");
      assertEquals(pinned, record.fingerprint(), state);
      assertEquals(record, Json.read(Json.write(record), ExperimentRecord.class), state);
      read.put(state, record);
    }
    ExperimentRecord.Environment running = read.get("running").environment();
    assertEquals(ExperimentRecord.Status.RUNNING, read.get("running").status());
    assertEquals(Optional.of("2.18.0"), running.tensorflowVersion());
    assertEquals(Optional.of(Instant.parse("2026-12-05T10:36:53.077087971Z")),
        running.startedAt());
    assertEquals(Optional.empty(), running.finishedAt());

    ExperimentRecord.Environment finished = read.get("finished").environment();
    assertTrue(read.get("finished").finished());
    assertEquals(Optional.of("CPU:0"), finished.device());
    assertEquals(Optional.of(-1), finished.resumedAtEpoch());
    assertTrue(finished.finishedAt().orElseThrow().isAfter(finished.startedAt().orElseThrow()));

    ExperimentRecord.Environment resumed = read.get("resumed").environment();
    assertEquals(Optional.of(1), resumed.resumedAtEpoch());
    assertTrue(resumed.resumedAt().orElseThrow().isAfter(resumed.startedAt().orElseThrow()));

    ExperimentRecord.Environment stopped = read.get("stopped").environment();
    assertEquals(ExperimentRecord.Status.INTERRUPTED, read.get("stopped").status());
    assertEquals(Optional.of("SIGTERM"), stopped.stoppedBy());
    assertTrue(stopped.stoppedAt().isPresent());
    assertEquals(Optional.empty(), stopped.failure());

    // "stoppedBy": "failure: ..." was how a failure was told from a signal
    ExperimentRecord.Environment failure = read.get("failure").environment();
    assertEquals(Optional.of("No space left on device"), failure.failure());
    assertEquals(Optional.empty(), failure.stoppedBy());

    assertEquals(ExperimentRecord.Status.DIVERGED, read.get("diverged").status());
    assertEquals(Optional.of("in epoch 1 at step 3: loss NaN, the gradient first became"
        + " non-finite in input_conv_conv_0 (and 8 more layers)"),
        read.get("diverged").environment().divergedAt());
  }

  /** In Turkish, "cosine".toUpperCase() is "COSİNE": enum names must not go through the locale. */
  @Test
  void enumsReadTheSameUnderATurkishLocale() throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      ExperimentRecord read = Json.read(resource("experiment-0.1.json"), ExperimentRecord.class);
      assertEquals(LearningRateSchedule.COSINE, read.training().schedule());
      assertEquals(Initialization.REFERENCE, read.model().initialization());
      assertEquals(BN_RC.fingerprint(), read.fingerprint());

      var declared = new ExperimentSettings(Map.of("model", "VGG38", "schedule", "COSINE",
          "initialization", "HE", "batchNorm", "ALL"));
      var e = ExperimentPlan.resolve(ExperimentSettings.none(),
          List.of(new ExperimentDeclaration("tr", null, declared)), PlanOverrides.none(),
          DataShape.cifar100()).experiments().get(0);
      assertEquals(LearningRateSchedule.COSINE, e.training().schedule());
      assertEquals(Initialization.HE, e.model().initialization());
      assertEquals(BatchNormPlacement.ALL_BLOCK_CONVS, e.model().batchNorm());
      assertEquals("VGG38 (37 convs, 338,500 params, BN all-block-convs, residual false, init he)",
          e.model().describe());
    } finally {
      Locale.setDefault(before);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ExperimentRecordTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
