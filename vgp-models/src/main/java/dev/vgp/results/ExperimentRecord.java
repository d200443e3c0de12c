package dev.vgp.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vgp.files.Json;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Settings;
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
@JsonPropertyOrder({"id", "label", "status", "parameters", "fingerprint", "dataset", "dataChecksum",
    "vgpVersion", "model", "training", "environment"})
@JsonIgnoreProperties(value = {"parameters", "fingerprint"}, allowGetters = true)
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

  @JsonProperty
  public long parameters() {
    return model.parameterCount();
  }

  @JsonIgnore
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
  @JsonProperty
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Json.write(fingerprinted()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * What the fingerprint covers, as the JSON tree it digests. Settings that are switched off are
   * left out (see {@link Settings#withoutSwitchedOff}), so that adding a setting to vgp leaves the
   * fingerprints of earlier runs, and so their up-to-date results, as they were.
   */
  public Map<String, Object> fingerprinted() {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("model", Settings.withoutSwitchedOff(model));
    identity.put("training", Settings.withoutSwitchedOff(training));
    identity.put("dataset", dataset);
    identity.put("dataChecksum", dataChecksum);
    identity.put("vgpVersion", vgpVersion);
    return identity;
  }
}
