package dev.vgp.results;

import dev.vgp.files.Json;
import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.LearningRateSchedule;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code experiment.json}: what was run, on what, with what, and how it ended. The report reads it
 * to label rows and captions; {@code vgp:train} compares its fingerprint to decide what is up to
 * date.
 *
 * @param label the display name used in tables, e.g. "VGG38 BN + RC"
 * @param status "running" while training, "finished" once test metrics are written,
 *     "interrupted" when stopped by a signal, "diverged" when the loss or a gradient became NaN
 * @param environment versions, device, times: everything that describes the run but does not
 *     change what it computes (so not part of the fingerprint)
 */
public record ExperimentRecord(
    String id,
    String label,
    String status,
    ModelSpec model,
    TrainingConfig training,
    String dataset,
    String dataChecksum,
    String vgpVersion,
    Map<String, String> environment) {

  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String INTERRUPTED = "interrupted";
  public static final String DIVERGED = "diverged";

  public long parameters() {
    return model.parameterCount();
  }

  public boolean finished() {
    return FINISHED.equals(status);
  }

  public ExperimentRecord withStatus(String newStatus, Map<String, String> moreEnvironment) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(moreEnvironment);
    return new ExperimentRecord(id, label, newStatus, model, training, dataset, dataChecksum,
        vgpVersion, env);
  }

  /**
   * SHA-256 over everything that decides what a run computes: model, training configuration,
   * data checksum and vgp version. The id, label, status and environment are left out.
   */
  public String fingerprint() {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("model", modelToMap(model));
    identity.put("training", trainingToMap(training));
    identity.put("dataset", dataset);
    identity.put("dataChecksum", dataChecksum);
    identity.put("vgpVersion", vgpVersion);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Json.write(identity).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", id);
    map.put("label", label);
    map.put("status", status);
    map.put("parameters", parameters());
    map.put("fingerprint", fingerprint());
    map.put("dataset", dataset);
    map.put("dataChecksum", dataChecksum);
    map.put("vgpVersion", vgpVersion);
    map.put("model", modelToMap(model));
    map.put("training", trainingToMap(training));
    map.put("environment", new LinkedHashMap<>(environment));
    return map;
  }

  @SuppressWarnings("unchecked")
  public static ExperimentRecord fromMap(Map<String, Object> map) {
    Map<String, String> env = new LinkedHashMap<>();
    Object rawEnv = map.get("environment");
    if (rawEnv instanceof Map<?, ?> m) m.forEach((k, v) -> env.put(k.toString(), str(v)));
    return new ExperimentRecord(str(map.get("id")), str(map.get("label")),
        str(map.get("status")), modelFromMap((Map<String, Object>) map.get("model")),
        trainingFromMap((Map<String, Object>) map.get("training")), str(map.get("dataset")),
        str(map.get("dataChecksum")), str(map.get("vgpVersion")), env);
  }

  public static Map<String, Object> modelToMap(ModelSpec m) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", m.name());
    map.put("stages", m.stages());
    map.put("blocksPerStage", m.blocksPerStage());
    map.put("width", m.width());
    map.put("numClasses", m.numClasses());
    map.put("inputChannels", m.inputChannels());
    map.put("imageSize", m.imageSize());
    map.put("batchNorm", m.batchNorm());
    map.put("residual", m.residual());
    map.put("leakySlope", m.leakySlope());
    map.put("initialization", m.initialization());
    return map;
  }

  public static ModelSpec modelFromMap(Map<String, Object> map) {
    return new ModelSpec(str(map.get("name")), integer(map, "stages"),
        integer(map, "blocksPerStage"), integer(map, "width"), integer(map, "numClasses"),
        integer(map, "inputChannels"), integer(map, "imageSize"),
        BatchNormPlacement.valueOf(str(map.get("batchNorm")).toUpperCase()),
        (Boolean) map.get("residual"), number(map, "leakySlope"),
        Initialization.valueOf(str(map.get("initialization")).toUpperCase()));
  }

  public static Map<String, Object> trainingToMap(TrainingConfig t) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("learningRate", t.learningRate());
    map.put("schedule", t.schedule());
    map.put("minLearningRate", t.minLearningRate());
    map.put("epochs", t.epochs());
    map.put("batchSize", t.batchSize());
    map.put("seed", t.seed());
    map.put("augment", t.augment());
    map.put("weightDecay", t.weightDecay());
    map.put("trainLimit", t.trainLimit());
    map.put("evalLimit", t.evalLimit());
    return map;
  }

  public static TrainingConfig trainingFromMap(Map<String, Object> map) {
    return new TrainingConfig(number(map, "learningRate"),
        LearningRateSchedule.valueOf(str(map.get("schedule")).toUpperCase()),
        number(map, "minLearningRate"), integer(map, "epochs"), integer(map, "batchSize"),
        ((Number) map.get("seed")).longValue(), (Boolean) map.get("augment"),
        number(map, "weightDecay"), integer(map, "trainLimit"),
        // absent from experiment.json written before evalLimit existed: those evaluated on all
        map.containsKey("evalLimit") ? integer(map, "evalLimit") : 0);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static int integer(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).intValue();
  }

  private static double number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).doubleValue();
  }
}
